// Section 1 (a, b, d) in the browser: the app's full pipeline through its UI
// (drop config + photos + model, press Run) against bare session.run in the
// same page's engine worker, and the main thread's long tasks meanwhile.
import type { Browser } from '@playwright/test';
import type { SessionBenchmark } from '../src/engine/api';
import { openApp, summarizeLongTasks, type AppPage, type LongTaskSummary } from './browser';
import { cpuProbe, type CpuUsage } from './cpu';
import { median, spread, type Spread } from './stats';

export interface PipelineRun {
  ms: number;
  tasksPerSecond: number;
  /** What the UI shows (speed over the last 32 tasks). */
  uiTasksPerSecond: number | null;
  failed: string | null;
  longTasks: LongTaskSummary;
  cpu: CpuUsage;
}

export interface BrowserDetectionResult {
  loadMs: number;
  backend: { backend: string | null; threads: number | null; isolated: string | null };
  coldRun: PipelineRun;
  warmRuns: PipelineRun[];
  /** Median of the warm UI runs. */
  pipelineTasksPerSecond: number;
  bareMs: Spread;
  bareTasksPerSecond: number;
  bareCpu: CpuUsage[];
  /** Median over the rounds of (UI run tasks/s) / (bare tasks/s right after it). */
  pipelineOverBare: number;
  roundRatios: number[];
  stagesMs: Record<keyof SessionBenchmark['stages'], Spread>;
  longTasks: LongTaskSummary;
}

const MODEL_TIMEOUT = 120_000;
const ROUNDS = 3;

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

export async function browserDetection(
  browser: Browser,
  appUrl: string,
  files: string[],
  taskCount: number,
  opts: { warmup: number; bareRuns: number; profileTasks: number },
): Promise<BrowserDetectionResult> {
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

    // Rounds of (UI run, bare runs) so both sides of each ratio see the same
    // machine noise; the ratio is the median of the per-round ratios.
    const coldRun = await pipelineRun(app, taskCount, 'run-cold');
    await app.engineCall<SessionBenchmark>('benchmarkSession', opts.warmup, 0);
    const warmRuns: PipelineRun[] = [];
    const bare: number[] = [];
    const bareCpu: CpuUsage[] = [];
    const roundRatios: number[] = [];
    const perRound = Math.max(3, Math.ceil(opts.bareRuns / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const run = await pipelineRun(app, taskCount, `run-warm-${round}`);
      warmRuns.push(run);
      const probe = cpuProbe();
      const result = await app.engineCall<SessionBenchmark>('benchmarkSession', perRound, 0);
      bareCpu.push(probe.stop());
      bare.push(...result.msPerRun);
      roundRatios.push(run.tasksPerSecond / (1000 / median(result.msPerRun)));
    }
    const stages =
      opts.profileTasks > 0
        ? (await app.engineCall<SessionBenchmark>('benchmarkSession', 0, opts.profileTasks)).stages
        : null;
    const bareMs = spread(bare);
    const allLong = [coldRun, ...warmRuns].map((r) => r.longTasks);
    return {
      loadMs,
      backend,
      coldRun,
      warmRuns,
      pipelineTasksPerSecond: median(warmRuns.map((r) => r.tasksPerSecond)),
      bareMs,
      bareTasksPerSecond: 1000 / bareMs.median,
      bareCpu,
      pipelineOverBare: median(roundRatios),
      roundRatios,
      stagesMs: {
        fetchDecode: spread(stages?.fetchDecode ?? []),
        preprocess: spread(stages?.preprocess ?? []),
        run: spread(stages?.run ?? []),
        postprocess: spread(stages?.postprocess ?? []),
      },
      longTasks: mergeLongTasks(allLong),
    };
  } finally {
    await app.close();
  }
}

function mergeLongTasks(all: LongTaskSummary[]): LongTaskSummary {
  const longest = all.reduce((m, l) => (l.maxMs > m.maxMs ? l : m));
  return {
    count: all.reduce((s, l) => s + l.count, 0),
    over50: all.reduce((s, l) => s + l.over50, 0),
    maxMs: longest.maxMs,
    totalMs: all.reduce((s, l) => s + l.totalMs, 0),
    ...(longest.longestCause ? { longestCause: longest.longestCause } : {}),
  };
}
