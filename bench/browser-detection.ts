// Section 1 (a, b, d) in the browser: the app with a detector loaded, whose
// full pipeline runs through its UI (drop config + photos + model, press Run)
// and whose engine worker runs bare session.run in the same page;
// detection-rounds.ts alternates them. Long tasks are recorded per UI run.
import type { Browser } from '@playwright/test';
import type { SessionBenchmark } from '../src/engine/bench/session-benchmark';
import { openApp, summarizeLongTasks, type AppPage, type LongTaskSummary } from './browser';
import { cpuProbe, type CpuUsage } from './cpu';
import { spread, type Spread } from './stats';

export interface PipelineRun {
  ms: number;
  tasksPerSecond: number;
  /** What the UI shows (speed over the last 32 tasks). */
  uiTasksPerSecond: number | null;
  failed: string | null;
  longTasks: LongTaskSummary;
  cpu: CpuUsage;
}

export interface BrowserBackend {
  backend: string | null;
  threads: number | null;
  isolated: string | null;
}

/** The app with config, photos and a detector loaded, ready for UI runs and bare runs. */
export interface BrowserDetection {
  loadMs: number;
  backend: BrowserBackend;
  /** One run of every task through the UI (Run click to "done"). */
  uiRun(key: string): Promise<PipelineRun>;
  /** `runs` timed bare session.run calls in the engine worker (ms each). */
  bare(runs: number): Promise<{ ms: number[]; cpu: CpuUsage }>;
  /** Per-task stages, one at a time, over the first `tasks` tasks. */
  stages(tasks: number): Promise<Record<keyof SessionBenchmark['stages'], Spread>>;
  close(): Promise<void>;
}

const MODEL_TIMEOUT = 120_000;

/** Resolves when the model panel shows a loaded model; throws the panel's error otherwise. */
export async function waitForModel(app: AppPage): Promise<void> {
  const { page } = app;
  const status = page.getByTestId('model-status');
  const error = page.getByTestId('model-error');
  await status.or(error).first().waitFor({ timeout: MODEL_TIMEOUT });
  if (await error.isVisible()) {
    throw new Error(`the model did not load: ${await error.textContent()}`);
  }
}

export async function pipelineRun(app: AppPage, tasks: number, key: string): Promise<PipelineRun> {
  const { page } = app;
  await app.watch(key, '[data-testid="run-progress"]', 'data-state', 'done', true);
  const probe = cpuProbe();
  await page.getByTestId('run-button').click();
  const doneAt = await app.waitWatch(key, 30 * 60_000);
  const cpu = probe.stop();
  // "done" shows when the last task ends; the engine is idle once the run's
  // journal is closed, which the page shows by enabling Run again.
  await page.locator('[data-testid="run-button"]:enabled').waitFor({ timeout: 60_000 });
  const clickedAt = await app.clickTime('run-button');
  if (clickedAt === undefined) throw new Error('the Run click was not seen by the page');
  const ms = doneAt - clickedAt;
  const text = (await page.getByTestId('run-progress').textContent()) ?? '';
  const ui = /([\d.]+) tasks\/s/.exec(text);
  const failed = await page.getByTestId('failed-count').textContent();
  return {
    ms,
    tasksPerSecond: (tasks * 1000) / ms,
    uiTasksPerSecond: ui ? Number(ui[1]) : null,
    failed,
    longTasks: summarizeLongTasks(await app.longTasks(clickedAt, doneAt)),
    cpu,
  };
}

export async function openBrowserDetection(
  browser: Browser,
  appUrl: string,
  files: string[],
  taskCount: number,
  warmup: number,
): Promise<BrowserDetection> {
  const app = await openApp(browser, appUrl);
  try {
    const { page } = app;
    const startedAt = performance.now();
    await page.getByTestId('file-input').setInputFiles(files);
    await page
      .locator(`[data-testid="task-count"][data-count="${taskCount}"]`)
      .waitFor({ timeout: MODEL_TIMEOUT });
    await waitForModel(app);
    const loadMs = performance.now() - startedAt;
    const badge = page.getByTestId('backend-info').first();
    const backend = {
      backend: await badge.getAttribute('data-backend'),
      threads: Number(await badge.getAttribute('data-threads')) || null,
      isolated: await badge.getAttribute('data-isolated'),
    };
    if (!(await page.getByTestId('run-button').isEnabled())) {
      const why = await page
        .getByTestId('run-blocker')
        .textContent()
        .catch(() => null);
      throw new Error(`the app cannot run: ${why ?? 'Run is disabled'}`);
    }
    let warmedUp = false;
    const bench = (iterations: number, profileTasks: number) =>
      app.engineCall<SessionBenchmark>('benchmarkSession', iterations, profileTasks);
    return {
      loadMs,
      backend,
      uiRun: (key) => pipelineRun(app, taskCount, key),
      async bare(runs) {
        if (!warmedUp) {
          // Chromium keeps optimising ORT's WASM over the first runs.
          await bench(warmup, 0);
          warmedUp = true;
        }
        const probe = cpuProbe();
        const result = await bench(runs, 0);
        return { ms: result.msPerRun, cpu: probe.stop() };
      },
      async stages(tasks) {
        const { stages } = await bench(0, tasks);
        return {
          fetchDecode: spread(stages.fetchDecode),
          preprocess: spread(stages.preprocess),
          run: spread(stages.run),
          postprocess: spread(stages.postprocess),
        };
      },
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

export function mergeLongTasks(all: LongTaskSummary[]): LongTaskSummary {
  const longest = all.reduce((m, l) => (l.maxMs > m.maxMs ? l : m));
  return {
    count: all.reduce((s, l) => s + l.count, 0),
    over50: all.reduce((s, l) => s + l.over50, 0),
    maxMs: longest.maxMs,
    totalMs: all.reduce((s, l) => s + l.totalMs, 0),
    ...(longest.longestCause ? { longestCause: longest.longestCause } : {}),
  };
}
