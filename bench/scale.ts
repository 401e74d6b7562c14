// Section 4: a Label Studio task file of BENCH_SCALE_TASKS image tasks
// imported in the browser (time, memory, main-thread long tasks), a run over
// BENCH_RUN_TASKS of them with a fast model (speed, memory growth), the
// export of the run's result file, and the core exporter on the full count.
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import type { Browser } from '@playwright/test';
import { exportTasksWithPredictions, type ExportItem } from '../src/core/export';
import type { LsPrediction } from '../src/core/results/types';
import {
  openApp,
  pageMemory,
  rendererRss,
  summarizeLongTasks,
  type LongTaskSummary,
  type PageMemory,
} from './browser';
import { cpuProbe, type CpuUsage } from './cpu';
import { slope } from './stats';

export interface ImportResult {
  tasks: number;
  fileBytes: number;
  /** From the file input's change event to the task count on screen. */
  ms: number;
  longTasks: LongTaskSummary;
  before: PageMemory;
  after: PageMemory;
  cpu: CpuUsage;
}

const MODEL_TIMEOUT = 120_000;

export async function browserImport(
  browser: Browser,
  appUrl: string,
  configPath: string,
  tasksPath: string,
  count: number,
): Promise<ImportResult> {
  const app = await openApp(browser, appUrl);
  try {
    const { page } = app;
    await page.getByTestId('file-input').setInputFiles([configPath]);
    await page.getByTestId('config-summary').waitFor({ timeout: 30_000 });
    const before = await pageMemory(app, true);
    await app.watch('import', '[data-testid="task-count"]', 'data-count', String(count));
    const probe = cpuProbe();
    await page.getByTestId('file-input').setInputFiles([tasksPath]);
    const shownAt = await app.waitWatch('import', 10 * 60_000);
    const cpu = probe.stop();
    const changedAt = await app.lastChange();
    if (changedAt === undefined) throw new Error('the file input change was not seen');
    const longTasks = summarizeLongTasks(await app.longTasks(changedAt, shownAt));
    const after = await pageMemory(app, true);
    return {
      tasks: count,
      fileBytes: statSync(tasksPath).size,
      ms: shownAt - changedAt,
      longTasks,
      before,
      after,
      cpu,
    };
  } finally {
    await app.close();
  }
}

export interface MemorySample extends PageMemory {
  done: number;
}

export interface ScaleRunResult {
  tasks: number;
  ms: number;
  tasksPerSecond: number;
  failed: string | null;
  longTasks: LongTaskSummary;
  before: PageMemory;
  after: PageMemory;
  samples: MemorySample[];
  /** Least-squares slopes over tasks done (after the first 10 %), bytes per 1000 tasks. */
  growthPer1000: { rss: number; mainHeap: number; workerHeap: number };
  /** Most renderer RSS during the run minus before it. */
  rssPeakGrowthBytes: number | null;
  /** Most renderer RSS in each tenth of the run (by tasks done). */
  rssByTenth: (number | null)[];
  exportMs: number;
  exportBytes: number;
  exportLongTasks: LongTaskSummary;
  cpu: CpuUsage;
}

export async function browserScaleRun(
  browser: Browser,
  appUrl: string,
  configPath: string,
  tasksPath: string,
  count: number,
  modelPath: string,
  labelsPath?: string,
  recycleAfter?: number,
): Promise<ScaleRunResult> {
  const app = await openApp(browser, appUrl);
  try {
    const { page } = app;
    await page
      .getByTestId('file-input')
      .setInputFiles([configPath, tasksPath, modelPath, ...(labelsPath ? [labelsPath] : [])]);
    await page
      .locator(`[data-testid="task-count"][data-count="${count}"]`)
      .waitFor({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('model-status').waitFor({ timeout: MODEL_TIMEOUT });
    if (recycleAfter !== undefined) {
      await page.getByTestId('recycle-after').fill(String(recycleAfter));
    }
    await rssSettled();
    const before = await pageMemory(app);
    await app.watch('run', '[data-testid="run-progress"]', 'data-state', 'done', true);
    const probe = cpuProbe();
    await page.getByTestId('run-button').click();
    const samples: MemorySample[] = [];
    let doneAt: number | undefined;
    const finished = app.waitWatch('run', 4 * 60 * 60_000).then((at) => (doneAt = at));
    while (doneAt === undefined) {
      await Promise.race([finished, new Promise((r) => setTimeout(r, 2000))]);
      const text =
        (await page
          .getByTestId('progress-text')
          .textContent()
          .catch(() => null)) ?? '';
      const done = Number(/^(\d+)\//.exec(text)?.[1] ?? NaN);
      if (Number.isFinite(done)) samples.push({ done, ...(await pageMemory(app)) });
    }
    await finished;
    const cpu = probe.stop();
    const clickedAt = (await app.clickTime('run-button')) ?? NaN;
    const ms = (doneAt as number) - clickedAt;
    const longTasks = summarizeLongTasks(await app.longTasks(clickedAt, doneAt as number));
    const failed = await page.getByTestId('failed-count').textContent();
    const after = await pageMemory(app);

    const steady = samples.filter((s) => s.done >= count * 0.1);
    const growth = (pick: (s: MemorySample) => number | null) =>
      slope(
        steady
          .map((s) => ({ x: s.done, y: pick(s) }))
          .filter((p): p is { x: number; y: number } => p.y !== null),
      ) * 1000;
    const growthPer1000 = {
      rss: growth((s) => s.rendererRssBytes),
      mainHeap: growth((s) => s.mainHeapBytes),
      workerHeap: growth((s) => s.workerHeapBytes),
    };

    const rssOf = (list: MemorySample[]) =>
      list.reduce<number | null>(
        (most, s) => (s.rendererRssBytes === null ? most : Math.max(most ?? 0, s.rendererRssBytes)),
        null,
      );
    const peak = rssOf(samples);
    const rssPeakGrowthBytes =
      peak !== null && before.rendererRssBytes !== null ? peak - before.rendererRssBytes : null;
    const rssByTenth = Array.from({ length: 10 }, (_, k) =>
      rssOf(samples.filter((s) => Math.min(9, Math.floor((s.done / count) * 10)) === k)),
    );

    const exportStart = await app.now();
    const downloading = page.waitForEvent('download', { timeout: 5 * 60_000 });
    const wallStart = performance.now();
    await page.getByTestId('export-tasks-with-predictions').click();
    const download = await downloading;
    const exportMs = performance.now() - wallStart;
    const exportEnd = await app.now();
    const file = await download.path();
    return {
      tasks: count,
      ms,
      tasksPerSecond: (count * 1000) / ms,
      failed,
      longTasks,
      before,
      after,
      samples,
      growthPer1000,
      rssPeakGrowthBytes,
      rssByTenth,
      exportMs,
      exportBytes: statSync(file).size,
      exportLongTasks: summarizeLongTasks(await app.longTasks(exportStart, exportEnd)),
      cpu,
    };
  } finally {
    await app.close();
  }
}

/**
 * Waits (≤ 60 s) until the renderer's RSS stays within 10 MB over 3 s: a model
 * load compiles ORT's WebAssembly for ~10 s (+~330 MB), which is not the run's.
 */
async function rssSettled(): Promise<void> {
  const recent: number[] = [];
  for (let i = 0; i < 60; i++) {
    recent.push(rendererRss()[0]?.rssBytes ?? 0);
    if (recent.length >= 4) {
      const last = recent.slice(-4);
      if (Math.max(...last) - Math.min(...last) < 10 * 1024 * 1024) return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface CoreExportResult {
  tasks: number;
  ms: number;
  bytes: number;
  rssDeltaBytes: number;
}

/** Task i's synthetic prediction: three boxes of `label`. */
export function threeBoxes(i: number, label: string, modelVersion: string): LsPrediction {
  return {
    model_version: modelVersion,
    score: 0.8,
    result: [0, 1, 2].map((k) => ({
      id: `t${i.toString(36)}_${k}`,
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 1920,
      original_height: 1080,
      image_rotation: 0,
      score: 0.9 - k * 0.1,
      value: { x: 10 + k, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: [label] },
    })),
  };
}

/** The worker's exporter (src/core/export) on synthetic predictions, into a file stream. */
export async function coreExport(count: number, outPath: string): Promise<CoreExportResult> {
  function* items(): Generator<ExportItem> {
    for (let i = 0; i < count; i++) {
      yield {
        task: { id: i + 1, data: { image: `http://127.0.0.1:8080/img/${i % 8}.jpg?t=${i}` } },
        prediction: threeBoxes(i, 'person', 'yolov8n@0123abcd'),
      };
    }
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const start = performance.now();
  const out = createWriteStream(outPath);
  let n = 0;
  for await (const chunk of exportTasksWithPredictions(items())) {
    if (!out.write(chunk)) await once(out, 'drain');
    if (++n % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  out.end();
  await once(out, 'finish');
  const ms = performance.now() - start;
  return { tasks: count, ms, bytes: statSync(outPath).size, rssDeltaBytes: peak - rssBefore };
}
