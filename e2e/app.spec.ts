import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  DETECTION_CONFIG,
  HAS_SHARED,
  IMAGE_NAMES,
  LABELS,
  SKIP_REASON,
  configFile,
  imageFiles,
  modelFile,
  fileFrom,
  SHARED_DIR,
} from './app/fixtures';
import { REFERENCE, coffeeVariants } from './app/oriented-images';
import { resolve } from 'node:path';
import type { LsPrediction } from '../src/core/results/types';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';

// Model loading (ORT start-up + first inference) takes a few seconds on 2 cores.
const MODEL_TIMEOUT = 60_000;

if (!HAS_SHARED) console.warn(`e2e/app.spec.ts: ${SKIP_REASON}`);

async function exportTasks(page: Page): Promise<ExportedTask[]> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  return JSON.parse(readFileSync(await download.path(), 'utf8')) as ExportedTask[];
}

async function dropAll(page: Page) {
  await page.getByTestId('file-input').setInputFiles([configFile(), ...imageFiles(), modelFile()]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
}

interface ExportedTask {
  data: { image: string };
  predictions: {
    model_version: string;
    score?: number;
    result: {
      type: string;
      from_name: string;
      to_name: string;
      original_width?: number;
      original_height?: number;
      value: Record<string, unknown>;
    }[];
  }[];
}

test.describe('Prelabel app: object detection end to end', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('drop config, photos and model; run; preview; export tasks with predictions', async ({
    page,
  }) => {
    // Decided before any assertion: a skip after them would hide what they checked.
    test.skip(!HAS_EDITOR, NO_EDITOR);
    await page.goto('/');
    await dropAll(page);
    await expect(page.getByTestId('mapping-summary')).toContainText('3 of 80 classes mapped');

    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');

    // Step through the preview to astronaut.png and find its person box.
    const name = page.getByTestId('preview-name');
    for (let i = 0; i < IMAGE_NAMES.length; i++) {
      await expect(page.getByTestId('preview')).toHaveAttribute('data-index', String(i));
      if ((await name.textContent()) === 'astronaut.png') break;
      await page.getByTestId('preview-next').click();
    }
    await expect(name).toHaveText('astronaut.png');
    await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'done');
    const person = page.locator('[data-testid="preview-box"][data-label="person"]');
    await expect(person.first()).toBeAttached();
    expect(Number(await person.first().getAttribute('data-score'))).toBeGreaterThan(0.5);

    const tasks = await exportTasks(page);

    expect(tasks).toHaveLength(3);
    expect(tasks.map((t) => t.data.image).sort()).toEqual([...IMAGE_NAMES].sort());
    for (const task of tasks) {
      expect(task.predictions).toHaveLength(1);
      const [prediction] = task.predictions;
      expect(prediction!.model_version).toMatch(/@[0-9a-f]{8}$/);
      expect(prediction!.result.length).toBeGreaterThan(0);
      for (const r of prediction!.result) {
        expect(r).toMatchObject({ type: 'rectanglelabels', from_name: 'label', to_name: 'image' });
        const labels = r.value.rectanglelabels as string[];
        expect(labels).toHaveLength(1);
        expect(LABELS).toContain(labels[0]);
      }
    }
    const labelsOf = (image: string) =>
      tasks
        .find((t) => t.data.image === image)!
        .predictions[0]!.result.map((r) => (r.value.rectanglelabels as string[])[0]);
    expect(labelsOf('astronaut.png')).toContain('person');
    expect(labelsOf('chelsea.png')).toContain('cat');
    expect(labelsOf('coffee.png')).toContain('cup');

    // Dropped photos have no Label Studio ids: predictions-only says why and what to do.
    await page.getByTestId('export-predictions-only').click();
    await expect(page.getByTestId('export-error')).toContainText('Label Studio task id');
    await expect(page.getByTestId('export-error')).toContainText('connected project');
    // A media prefix makes the bare file names URLs Label Studio can open.
    await page.getByTestId('media-prefix').fill('/data/local-files/?d=photos/');
    const prefixed = await exportTasks(page);
    expect(prefixed.map((t) => t.data.image).sort()).toEqual(
      [...IMAGE_NAMES].map((n) => `/data/local-files/?d=photos/${n}`).sort(),
    );

    // The real Label Studio editor builds every box of the downloaded file.
    for (const task of tasks) {
      const prediction = task.predictions[0] as unknown as LsPrediction;
      const [loaded] = await loadInEditor(page, {
        config: DETECTION_CONFIG,
        data: { image: fixtureUrl(`images/${task.data.image}`) },
        predictions: [prediction],
      });
      expectAllLoaded(prediction, loaded);
      expect(loaded!.regionCount).toBe(prediction.result.length);
    }
  });

  test('a text file named .onnx gives a clear error and the app stays usable', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles([
      {
        name: 'broken.onnx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('not a model\n'),
      },
    ]);
    const error = page.getByTestId('model-error');
    await expect(error).toContainText('broken.onnx is not an ONNX model');
    await expect(page.getByTestId('model-status')).toHaveCount(0);

    // A real ONNX model of the wrong kind (a text classifier): the registry says what it expected.
    await page
      .getByTestId('file-input')
      .setInputFiles([
        fileFrom(resolve(SHARED_DIR, 'models/wl-news-topic-en.onnx'), 'application/octet-stream'),
      ]);
    await expect(error).toContainText('wl-news-topic-en.onnx: input "input" has shape', {
      timeout: MODEL_TIMEOUT,
    });
    await expect(error).toContainText('expected a single image input [1,3,H,W]');

    // Still usable: config and photos import, and a real model then loads.
    await dropAll(page);
    await expect(error).toHaveCount(0);
    await expect(page.getByTestId('run-button')).toBeEnabled();
  });

  test('the page is cross-origin isolated and runs WASM on several threads', async ({ page }) => {
    await page.goto('/');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await dropAll(page);
    const backend = page.getByTestId('backend-info').first();
    await expect(backend).toHaveAttribute('data-backend', 'wasm');
    await expect(backend).toHaveAttribute('data-isolated', 'true');
    expect(Number(await backend.getAttribute('data-threads'))).toBeGreaterThan(1);

    // Forcing WebGPU where headless Chromium has no adapter falls back to WASM, with a notice.
    await page.getByText('Model options').click();
    await page.getByTestId('backend-select').selectOption('webgpu');
    await expect(page.getByTestId('backend-notice')).toContainText('using WASM instead', {
      timeout: MODEL_TIMEOUT,
    });
    await expect(backend).toHaveAttribute('data-backend', 'wasm');
  });

  test('EXIF-rotated and very large photos give the same box as the plain photo', async ({
    page,
  }) => {
    const variants = await coffeeVariants();
    const reference = fileFrom(resolve(SHARED_DIR, 'fixtures/images', REFERENCE), 'image/png');
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([configFile(), reference, ...variants, modelFile()]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('4/4', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');

    const tasks = await exportTasks(page);
    const cupOf = (image: string) => {
      const results = tasks.find((t) => t.data.image === image)!.predictions[0]!.result;
      const cup = results.find((r) => (r.value.rectanglelabels as string[])[0] === 'cup');
      expect(cup, `a cup in ${image}`).toBeDefined();
      return cup!;
    };
    const expected = cupOf(REFERENCE);
    expect(expected).toMatchObject({ original_width: 600, original_height: 400 });
    for (const variant of variants) {
      const cup = cupOf(variant.name);
      expect(cup.original_width, variant.name).toBe(variant.shownWidth);
      expect(cup.original_height, variant.name).toBe(variant.shownHeight);
      // Percent coordinates are size-free: the same box within JPEG/resampling jitter.
      for (const key of ['x', 'y', 'width', 'height']) {
        const got = cup.value[key] as number;
        const want = expected.value[key] as number;
        expect(Math.abs(got - want), `${variant.name} ${key}: ${got} vs ${want}`).toBeLessThan(3);
      }
    }
  });

  test('bad inputs: config error with line, task file issues, per-task failures, retry', async ({
    page,
  }) => {
    await page.goto('/');
    const text = (name: string, body: string) => ({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(body),
    });
    await page
      .getByTestId('file-input')
      .setInputFiles([
        text('broken.xml', '<View>\n  <Image name="image" value="$image">\n</View>'),
      ]);
    await expect(page.getByTestId('config-error')).toContainText('line 3');

    // A task file: a good line, broken JSON, a missing image, and an undecodable one.
    const lines = [
      '{"image": "astronaut.png"}',
      '{"image": ',
      '{"image": "missing.png"}',
      '{"image": "broken.png"}',
    ];
    await page
      .getByTestId('file-input')
      .setInputFiles([
        configFile(),
        text('tasks.jsonl', lines.join('\n')),
        imageFiles()[0]!,
        { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a png') },
        modelFile(),
      ]);
    await expect(page.getByTestId('config-error')).toHaveCount(0);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('import-issues')).toContainText('tasks.jsonl, line 2');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('2 failed');
    const failures = page.getByTestId('failure-list');
    await expect(failures).toContainText('missing.png');
    await expect(failures).toContainText('missing.png is not an image here');
    await expect(failures).toContainText('broken.png');
    await expect(failures).toContainText('cannot decode the image');

    // Retry runs only the two failures (they fail again); the good task keeps its boxes.
    await page.getByTestId('retry-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('2/2', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('2 failed');
    const tasks = await exportTasks(page);
    expect(tasks.map((t) => t.data.image)).toEqual(['astronaut.png']);
    await expect(page.getByTestId('export-note')).toContainText('2 tasks have no prediction');
  });

  test('a model from a URL downloads once, then loads from the browser cache', async ({ page }) => {
    const url = 'https://models.example.test/yolov8n-320.onnx';
    let downloads = 0;
    await page.context().route(url, async (route) => {
      downloads++;
      const body = modelFile().buffer;
      await route.fulfill({
        body,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(body.length),
          'access-control-allow-origin': '*',
        },
      });
    });
    const loadFromUrl = async () => {
      await page.getByTestId('model-url').fill(url);
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    };
    await page.goto('/');
    await loadFromUrl();
    await expect(page.getByTestId('model-status')).toContainText('yolov8n-320.onnx');
    await expect(page.getByTestId('model-status')).not.toContainText('from cache');
    expect(downloads).toBe(1);

    await page.reload();
    await loadFromUrl();
    await expect(page.getByTestId('model-status')).toContainText('from cache');
    expect(downloads).toBe(1);
  });

  test('pause, resume and cancel take effect between tasks', async ({ page }) => {
    // Images come from URLs the test answers by hand, so it decides when each task can run.
    const photo = imageFiles()[0]!.buffer;
    const held = new Map<string, () => void>();
    const requested: string[] = [];
    await page.context().route('https://img.example.test/**', async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      requested.push(name);
      await new Promise<void>((release) => held.set(name, release));
      await route.fulfill({
        body: photo,
        headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
      });
    });
    const release = async (name: string) => {
      await expect.poll(() => held.has(name), { message: `${name} requested` }).toBe(true);
      held.get(name)!();
    };
    const urls = ['p0.png', 'p1.png', 'p2.png', 'p3.png'].map(
      (n) => `https://img.example.test/${n}`,
    );
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        configFile(),
        { name: 'urls.txt', mimeType: 'text/plain', buffer: Buffer.from(urls.join('\n')) },
        modelFile(),
      ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    const progress = page.getByTestId('run-progress');
    const done = page.getByTestId('progress-text');
    await page.getByTestId('run-button').click();
    await expect(done).toHaveText('0/4');
    await page.getByTestId('pause-button').click();
    await expect(page.getByTestId('stopping')).toHaveText(/Pausing/);
    await release('p0.png');
    await expect(progress).toHaveAttribute('data-state', 'paused');
    await expect(done).toHaveText('1/4');
    // The next image is fetched ahead while the current task runs, even when paused.
    await release('p1.png');
    await page.getByTestId('resume-button').click();
    await expect(done).toHaveText('2/4');
    await page.getByTestId('cancel-button').click();
    await expect(page.getByTestId('stopping')).toHaveText(/Stopping/);
    await release('p2.png');
    await expect(progress).toHaveAttribute('data-state', 'cancelled');
    await expect(done).toHaveText('2/4');
    expect(requested).not.toContain('p3.png');
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
  });
});
