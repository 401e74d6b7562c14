// The page's side of worker recycling: after `recycleAfterTasks` tasks the
// run is paused, the worker replaced and the run resumed from the journal,
// with no task run twice and no crash counted.
import { describe, expect, it } from 'vitest';
import type { RunProgress, RunRequest, RunSummary } from '../../engine/api';
import { EngineRestartedError } from '../../engine-client/engine-client';
import type { RunOptions, RunsEngineApi } from '../../engine/runs-api';
import type { TaskEvent } from '../../engine/supervised-tasks';
import { createRunsSlice, type RunsHost, type RunsSlice, type RunsState } from './runs-slice';

/** A journalled run of `total` tasks in a stand-in worker; the journal outlives workers. */
class FakeEngine {
  readonly ran: number[] = [];
  readonly starts: (RunOptions | undefined)[] = [];
  readonly restarts: string[] = [];
  readonly startDelays: (number | undefined)[] = [];
  private paused = false;
  private stop: ((error: Error) => void) | null = null;

  constructor(
    private readonly total: number,
    private readonly onRestart: () => void,
  ) {}

  // The journal's other methods: not reached by these tests.
  findResumableRun: RunsEngineApi['findResumableRun'] = () => Promise.reject(new Error('unused'));
  discardRun: RunsEngineApi['discardRun'] = () => Promise.reject(new Error('unused'));
  rethreshold: RunsEngineApi['rethreshold'] = () => Promise.reject(new Error('unused'));

  async run(
    _request: RunRequest,
    onProgress: (p: RunProgress) => void,
    options?: RunOptions,
    onTaskEvent?: (event: TaskEvent) => void,
  ): Promise<RunSummary> {
    this.starts.push(options);
    this.paused = false;
    const stopped = new Promise<never>((_, reject) => (this.stop = reject));
    const progress = (state: RunProgress['state']): RunProgress => ({
      state,
      done: this.ran.length,
      total: this.total,
      failed: 0,
      tasksPerSecond: 1,
      etaSeconds: 0,
      runId: 'run-1',
    });
    const work = (async () => {
      onProgress(progress('running'));
      while (this.ran.length < this.total) {
        await Promise.resolve();
        if (this.paused) {
          onProgress(progress('paused'));
          return stopped;
        }
        const index = this.ran.length;
        onTaskEvent?.({ index, stage: 'infer' } as TaskEvent);
        this.ran.push(index);
        onTaskEvent?.({ index, stage: 'settled' } as TaskEvent);
        onProgress(progress('running'));
      }
      onProgress(progress('done'));
      return { state: 'done', done: this.total, total: this.total, failures: [], seconds: 1 };
    })();
    return Promise.race([work, stopped]) as Promise<RunSummary>;
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  restart(reason: string, options?: { startAfterMs?: number }): void {
    this.restarts.push(reason);
    this.startDelays.push(options?.startAfterMs);
    this.stop?.(new EngineRestartedError(reason));
    this.onRestart();
  }
}

function setUp(total: number, recycleAfter: number) {
  let state = {} as RunsSlice & { runStatus: string };
  const set = (partial: Partial<RunsState>) => (state = { ...state, ...partial });
  const engine = new FakeEngine(total, () => {
    // As the store's restart hook: reload the new worker, then let the run go on.
    state.runsEngineRestarted();
    setTimeout(() => state.runsEngineReloaded(), 1);
  });
  const host: RunsHost = {
    engine: () => engine,
    restoreAndRun: async () => undefined,
    refreshPreview: async () => undefined,
  };
  const slice = createRunsSlice(set, () => state, host);
  state = { ...slice, runStatus: 'idle' };
  state.setRecycleAfterTasks(recycleAfter);
  return { engine, start: () => state.startRun({ targets: [], options: {} } as never, () => {}) };
}

describe('recycling the worker during a long run', () => {
  it('replaces the worker every N tasks and resumes from the journal; no task runs twice', async () => {
    const { engine, start } = setUp(35, 10);
    const summary = await start();
    expect(summary.done).toBe(35);
    expect(engine.ran).toEqual(Array.from({ length: 35 }, (_, i) => i));
    expect(engine.restarts).toHaveLength(3);
    expect(engine.restarts[0]).toMatch(/recycled after 10 tasks/);
    // The new worker waits for the old one's memory to go.
    expect(engine.startDelays.every((ms) => ms !== undefined && ms > 0)).toBe(true);
    // Every later worker resumes the same run as a clean stop: no suspects, no crash.
    expect(engine.starts.slice(1)).toEqual(
      Array(3).fill({ prepareTimeoutSeconds: 300, resumeRunId: 'run-1', leftCleanly: true }),
    );
  });

  it('0 means never: one worker runs everything', async () => {
    const { engine, start } = setUp(35, 0);
    await start();
    expect(engine.restarts).toEqual([]);
    expect(engine.starts).toHaveLength(1);
  });
});
