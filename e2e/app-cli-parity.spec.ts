// The browser and the CLI share the prediction code: for the same model,
// config and photos they must give the same boxes (decoding and resizing
// differ slightly between the browser and sharp) and the same model_version.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect, test } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import type * as CliMain from '../src/cli/main';
import type { LsResult } from '../src/core/results/types';
import { exportTasks, type ExportedTask } from './app/export';
import {
  DETECTION_CONFIG,
  HAS_SHARED,
  IMAGE_NAMES,
  MODEL_PATH,
  SHARED_DIR,
  SKIP_REASON,
  configFile,
  imageFiles,
  modelFile,
} from './app/fixtures';

/** Percent units: 1 = 1% of the image side. */
const TOLERANCE = 1;
/** Boxes this close to the confidence threshold may exist on one side only. */
const BORDERLINE = 0.05;

interface Box {
  label: string;
  score: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxesOf(tasks: ExportedTask[], image: string): Box[] {
  const task = tasks.find((t) => t.data.image === image);
  expect(task, `a task for ${image}`).toBeDefined();
  return task!.predictions[0]!.result.map((r: LsResult) => ({
    label: (r.value.rectanglelabels as string[])[0]!,
    score: r.score ?? 0,
    x: r.value.x as number,
    y: r.value.y as number,
    width: r.value.width as number,
    height: r.value.height as number,
  }));
}

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Each confident box of `from` must have a same-label box in `to`, within the tolerance. */
function unmatched(from: Box[], to: Box[], threshold: number): string[] {
  const problems: string[] = [];
  const free = [...to];
  for (const box of [...from].sort((a, b) => b.score - a.score)) {
    const best = free
      .filter((b) => b.label === box.label)
      .sort((a, b) => iou(box, b) - iou(box, a))[0];
    const close =
      best &&
      (['x', 'y', 'width', 'height'] as const).every(
        (k) => Math.abs(best[k] - box[k]) <= TOLERANCE,
      );
    if (best && close) {
      free.splice(free.indexOf(best), 1);
    } else if (box.score >= threshold + BORDERLINE) {
      problems.push(
        `${box.label} ${box.score.toFixed(2)} at ${box.x.toFixed(1)},${box.y.toFixed(1)}`,
      );
    }
  }
  return problems;
}

test.describe('browser and CLI agree', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('same boxes and model_version for the same model, config and photos', async ({ page }) => {
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([configFile(), ...imageFiles(), modelFile()]);
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
    const threshold = Number(await page.getByTestId('confidence').inputValue());
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    const browser = await exportTasks(page);

    const dir = mkdtempSync(join(tmpdir(), 'prelabel-parity-'));
    try {
      const images = join(dir, 'images');
      const out = join(dir, 'out.json');
      const config = join(dir, 'config.xml');
      writeFileSync(config, DETECTION_CONFIG);
      mkdirSync(images);
      for (const name of IMAGE_NAMES) {
        copyFileSync(resolve(SHARED_DIR, 'fixtures/images', name), join(images, name));
      }
      let log = '';
      const err = new Writable({
        write(chunk, _encoding, done) {
          log += String(chunk);
          done();
        },
      });
      // Through tsx, in this process: Playwright's loader refuses src/'s JSON imports.
      const { main } = (await tsImport('../src/cli/main.ts', import.meta.url)) as typeof CliMain;
      const args = ['predict', '--config', config, '--tasks', images, '--model', MODEL_PATH];
      const code = await main([...args, '--out', out, '--backend', 'node'], err, err);
      expect(code, log).toBe(0);
      const cli = JSON.parse(readFileSync(out, 'utf8')) as ExportedTask[];

      // Same settings (auto mapping, model defaults) → the same hash of them.
      expect(cli[0]!.predictions[0]!.model_version).toBe(browser[0]!.predictions[0]!.model_version);
      for (const image of IMAGE_NAMES) {
        const b = boxesOf(browser, image);
        const c = boxesOf(cli, image);
        expect(b.length, `${image}: browser found boxes`).toBeGreaterThan(0);
        expect(unmatched(b, c, threshold), `${image}: browser boxes missing from the CLI`).toEqual(
          [],
        );
        expect(unmatched(c, b, threshold), `${image}: CLI boxes missing from the browser`).toEqual(
          [],
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
