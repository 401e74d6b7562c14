// A task that takes too long is failed, not hung. Two layers, because a
// worker busy in WASM cannot run its own timers:
// - withTimeout: inside the worker, for awaited stages (image fetch, decode):
//   the stage's AbortSignal fires and the task fails with TaskTimeoutError.
// - TaskWatchdog: on the page, for inference: when a task overruns, the page
//   terminates the worker (client.restart) and the task is failed at once.

export class TaskTimeoutError extends Error {
  readonly seconds: number;
  constructor(what: string, ms: number) {
    const seconds = Math.round(ms / 100) / 10;
    super(`${what} took longer than ${seconds} s (the task timeout) and was stopped`);
    this.name = 'TaskTimeoutError';
    this.seconds = seconds;
  }
}

export interface Timers {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `work` with a signal that aborts after `ms`; rejects with
 * TaskTimeoutError then, even if `work` ignores the signal. `ms` ≤ 0: no limit.
 */
export function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
  timers: Timers = realTimers,
): Promise<T> {
  if (!(ms > 0)) return work(new AbortController().signal);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimer(() => {
      const error = new TaskTimeoutError(what, ms);
      controller.abort(error);
      reject(error);
    }, ms);
    work(controller.signal).then(
      (value) => {
        timers.clearTimer(handle);
        resolve(value);
      },
      (error: unknown) => {
        timers.clearTimer(handle);
        reject(controller.signal.aborted ? controller.signal.reason : error);
      },
    );
  });
}

/**
 * Watches the task in inference (one at a time): `onOverrun(index)` fires
 * once when it has run longer than `timeoutMs`. Progress events re-arm it.
 */
export class TaskWatchdog {
  private handle: unknown = null;
  private current: number | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly onOverrun: (index: number, timeoutMs: number) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The task now in inference. */
  started(index: number): void {
    this.disarm();
    if (!(this.timeoutMs > 0)) return;
    this.current = index;
    this.handle = this.timers.setTimer(() => {
      this.handle = null;
      this.current = null;
      this.onOverrun(index, this.timeoutMs);
    }, this.timeoutMs);
  }

  finished(index: number): void {
    if (this.current === index) this.disarm();
  }

  /** The run ended, paused or the worker died. */
  stop(): void {
    this.disarm();
  }

  get watching(): number | null {
    return this.current;
  }

  private disarm(): void {
    if (this.handle !== null) this.timers.clearTimer(this.handle);
    this.handle = null;
    this.current = null;
  }
}
