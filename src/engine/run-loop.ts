// The batch loop, free of ORT and the DOM so it can be tested in Node:
// prepares task i+1 (fetch, decode, preprocess) while task i runs (one task
// ahead at most, so memory stays bounded), keeps going
// past per-task failures, honours pause/resume/cancel and reports progress at
// most every `progressIntervalMs`.

import type { FailureStage, RunProgress, RunState, RunSummary, TaskFailure } from './api';

/** An error that knows which step of a task failed. */
export class TaskStageError extends Error {
  readonly stage: FailureStage;
  constructor(stage: FailureStage, message: string) {
    super(message);
    this.name = 'TaskStageError';
    this.stage = stage;
  }
}

export class RunControl {
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;
  private pausedSince: number | null = null;
  pausedMs = 0;

  constructor(private readonly now: () => number) {}

  get state(): RunState {
    if (this.cancelled) return 'cancelled';
    return this.paused ? 'paused' : 'running';
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  pause(): void {
    if (this.paused || this.cancelled) return;
    this.paused = true;
    this.pausedSince = this.now();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.pausedSince !== null) this.pausedMs += this.now() - this.pausedSince;
    this.pausedSince = null;
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.resume();
    this.wake?.();
  }

  /** Resolves at once when running, else when resumed or cancelled. */
  async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.cancelled) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

export interface RunLoopDeps<Prepared> {
  /** Task indices to process, in order. */
  indices: number[];
  prepare(index: number): Promise<Prepared>;
  infer(index: number, prepared: Prepared): Promise<void>;
  taskName(index: number): string;
  onProgress(progress: RunProgress): void;
  now(): number;
  progressIntervalMs?: number;
  /** Completions the speed is measured over. */
  speedWindow?: number;
  /**
   * Before a pause is reported: what is done must be stored (the page may
   * replace the worker as soon as it sees "paused").
   */
  beforePause?: () => Promise<void>;
  /** How the loop lets queued messages in between tasks (tests pass their own). */
  yieldToMessages?: () => Promise<void>;
}

/**
 * Lets the worker take messages between tasks: a pause or cancel the page
 * sent while session.run held the thread is queued as a macrotask, and a loop
 * that only awaits settled promises would start the next task first. A
 * MessageChannel hop, not setTimeout (nested timers are clamped to 4 ms).
 */
export function yieldToMessages(): Promise<void> {
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function failureOf(index: number, name: string, error: unknown, stage: FailureStage): TaskFailure {
  if (error instanceof TaskStageError)
    return { index, name, stage: error.stage, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { index, name, stage, message };
}

export async function runTasks<Prepared>(
  deps: RunLoopDeps<Prepared>,
  control: RunControl,
): Promise<RunSummary> {
  const total = deps.indices.length;
  const interval = deps.progressIntervalMs ?? 100;
  const window = deps.speedWindow ?? 32;
  const start = deps.now();
  const activeNow = () => deps.now() - control.pausedMs;
  const finishedAt: number[] = [activeNow()];
  const failures: TaskFailure[] = [];
  let done = 0;
  let lastEmit = -Infinity;
  /** A progress report was held back by the throttle. */
  let held = false;

  const progress = (state: RunState): RunProgress => {
    const first = finishedAt[0] as number;
    const last = finishedAt[finishedAt.length - 1] as number;
    const spanSeconds = (last - first) / 1000;
    const counted = finishedAt.length - 1;
    const tasksPerSecond = counted > 0 && spanSeconds > 0 ? counted / spanSeconds : 0;
    const remaining = total - done;
    const etaSeconds = remaining === 0 ? 0 : tasksPerSecond > 0 ? remaining / tasksPerSecond : null;
    return { state, done, total, failed: failures.length, tasksPerSecond, etaSeconds };
  };
  const emit = (state: RunState, force: boolean) => {
    const now = deps.now();
    if (!force && now - lastEmit < interval) {
      held = true;
      return;
    }
    held = false;
    lastEmit = now;
    deps.onProgress(progress(state));
  };

  emit('running', true);
  /** Whether the newest prepare has settled (the loop then need not wait for it). */
  let nextSettled = false;
  const prepareAt = (i: number) => {
    const index = deps.indices[i];
    if (index === undefined) return null;
    nextSettled = false;
    const settled = settle(deps.prepare(index));
    void settled.then(() => (nextSettled = true));
    return settled;
  };
  const pauseHere = async () => {
    if (control.state !== 'paused') return;
    await deps.beforePause?.();
    emit('paused', true);
    await control.waitWhilePaused();
    if (!control.isCancelled) emit('running', true);
  };
  let next = prepareAt(0);
  for (let i = 0; i < total; i++) {
    // A task boundary: take a pause or cancel sent during the last task now, not one task later.
    if (i > 0) await (deps.yieldToMessages ?? yieldToMessages)();
    await pauseHere();
    if (control.isCancelled) break;
    const index = deps.indices[i] as number;
    // The next image may take long (a slow host): show what is done before waiting for it.
    if (held && !nextSettled) emit('running', true);
    const prepared = await (next as Promise<Settled<Prepared>>);
    // A pause or cancel during the wait (fetch, decode) holds or drops this task before it runs.
    await pauseHere();
    if (control.isCancelled) break;
    // Start the next task's I/O and decoding before this one's inference.
    next = prepareAt(i + 1);
    if (!prepared.ok) {
      failures.push(failureOf(index, deps.taskName(index), prepared.error, 'image'));
    } else {
      try {
        await deps.infer(index, prepared.value);
      } catch (error) {
        failures.push(failureOf(index, deps.taskName(index), error, 'inference'));
      }
    }
    done++;
    finishedAt.push(activeNow());
    if (finishedAt.length > window + 1) finishedAt.shift();
    emit('running', false);
  }
  // A cancel that came after the last task started changed nothing: the run is done.
  const state = control.isCancelled && done < total ? 'cancelled' : 'done';
  lastEmit = -Infinity;
  emit(state, true);
  return { state, done, total, failures, seconds: (deps.now() - start) / 1000 };
}
