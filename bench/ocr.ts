// Section 2: the built-in OCR package (public/models/ppocr-v4: det + cls + rec)
// on printed-text images, through the CLI's OCR predictor on onnxruntime-node.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLabelingConfig } from '../src/core/config';
import { BUILTIN_DIR, resolveModelFiles } from '../src/cli/load-model';
import { parsePredictArgs } from '../src/cli/predict-args';
import { createOcrPredictor } from '../src/cli/predictors/ocr';
import { loadImageFile } from '../src/models/predictor/node-image';
import type { Browser } from '@playwright/test';
import { openApp } from './browser';
import { pipelineRun, waitForModel, type PipelineRun } from './browser-detection';
import { cpuProbe, type CpuUsage } from './cpu';
import { median, spread, type Spread } from './stats';

export const OCR_PACKAGE = join(BUILTIN_DIR, 'ppocr-v4');
export const HAS_OCR_PACKAGE = existsSync(join(OCR_PACKAGE, 'manifest.json'));

export interface NodeOcrResult {
  tasksPerSecond: number;
  msPerImage: Spread & { all: number[] };
  /** Text regions found per image (a sanity check that it read the text). */
  regionsPerImage: number[];
  cpu: CpuUsage;
}

export async function nodeOcr(configPath: string, images: string[]): Promise<NodeOcrResult> {
  const args = parsePredictArgs([
    '--config',
    configPath,
    '--tasks',
    images[0] ?? '',
    '--model',
    'ppocr-v4',
    '--out',
    '/dev/null',
  ]);
  const config = parseLabelingConfig(await readFile(configPath, 'utf8'));
  const predictor = await createOcrPredictor(await resolveModelFiles('ppocr-v4'), config, args);
  try {
    const decoded = await Promise.all(images.map((p) => loadImageFile(p)));
    const task = (i: number) => ({ data: { ocr: images[i] } });
    await predictor.predict(decoded[0]!, task(0), 0); // warm-up
    const ms: number[] = [];
    const regions: number[] = [];
    const probe = cpuProbe();
    const start = performance.now();
    for (let i = 0; i < decoded.length; i++) {
      const t0 = performance.now();
      const built = await predictor.predict(decoded[i]!, task(i), i);
      ms.push(performance.now() - t0);
      regions.push(new Set(built.prediction.result.map((r) => r.id)).size);
    }
    const total = performance.now() - start;
    return {
      tasksPerSecond: (decoded.length * 1000) / total,
      msPerImage: { ...spread(ms), all: ms },
      regionsPerImage: regions,
      cpu: probe.stop(),
    };
  } finally {
    await predictor.release();
  }
}

export interface BrowserOcrResult {
  loadMs: number;
  coldRun: PipelineRun;
  warmRuns: PipelineRun[];
  tasksPerSecond: number;
}

/** The same pages in the app: drop the config and images, pick the built-in model, Run. */
export async function browserOcr(
  browser: Browser,
  appUrl: string,
  configPath: string,
  images: string[],
): Promise<BrowserOcrResult | null> {
  const app = await openApp(browser, appUrl);
  try {
    const { page } = app;
    const pick = page.getByTestId('builtin-load-ppocr-v4');
    // The list of built-in models arrives after the page (models/index.json).
    await pick.waitFor({ timeout: 30_000 }).catch(() => undefined);
    if ((await pick.count()) === 0) return null;
    await page.getByTestId('file-input').setInputFiles([configPath, ...images]);
    await page
      .locator(`[data-testid="task-count"][data-count="${images.length}"]`)
      .waitFor({ timeout: 60_000 });
    const startedAt = performance.now();
    await pick.click();
    await waitForModel(app);
    const loadMs = performance.now() - startedAt;
    const coldRun = await pipelineRun(app, images.length, 'ocr-cold');
    const warmRuns = [
      await pipelineRun(app, images.length, 'ocr-warm-0'),
      await pipelineRun(app, images.length, 'ocr-warm-1'),
    ];
    return {
      loadMs,
      coldRun,
      warmRuns,
      tasksPerSecond: median(warmRuns.map((r) => r.tasksPerSecond)),
    };
  } finally {
    await app.close();
  }
}
