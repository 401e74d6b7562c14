// The page's watch over a run in the worker: which task is in flight (from
// the engine's task events), a per-task time limit, and what to do when the
// worker dies. The page outlives the worker, so this is where crashes are
// counted; the run itself continues from the journal in a new worker.

import type { TaskEvent } from '../../engine/supervised-tasks';
import { CrashLedger, type CrashVerdict } from '../../engine/crash-ledger';
import { TaskWatchdog, realTimers, type Timers } from '../../engine/task-timeout';

export interface TaskVerdict extends CrashVerdict {
  /** Why the task is failed (when giveUp). */
  message: string;
}

export interface SupervisorOptions {
  /** Per-task limit for inference; ≤ 0: none. */
  taskTimeoutMs: number;
  /** The task overran: terminate the worker (client.restart). */
  onOverrun(index: number, reason: string): void;
  timers?: Timers;
  /** Crash counts saved with the run (journal), when resuming. */
  crashes?: Record<number, number>;
}

export class RunSupervisor {
  private readonly ledger: CrashLedger;
  private readonly watchdog: TaskWatchdog;
  private timedOut: { index: number; message: string } | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.ledger = new CrashLedger(2, options.crashes ?? {});
    this.watchdog = new TaskWatchdog(
      options.taskTimeoutMs,
      (index, ms) => {
        const message = `inference took longer than ${Math.round(ms / 1000)} s (the task timeout) and was stopped`;
        this.timedOut = { index, message };
        options.onOverrun(index, `task ${index + 1} took too long`);
      },
      options.timers ?? realTimers,
    );
  }

  /** Feed the engine's task events here (engine.run's onTaskEvent). */
  onEvent = (event: TaskEvent): void => {
    if (event.stage === 'settled') {
      this.ledger.finished(event.index);
      this.watchdog.finished(event.index);
      return;
    }
    this.ledger.started(event.index, event.stage);
    if (event.stage === 'infer') this.watchdog.started(event.index);
  };

  /**
   * The worker died (crash, out of memory, or terminated for a timeout).
   * Returns each task that was in flight; `giveUp` ones are to be failed
   * with `message`, the others run again, alone.
   */
  workerDied(): TaskVerdict[] {
    this.watchdog.stop();
    const timedOut = this.timedOut;
    this.timedOut = null;
    const verdicts = this.ledger
      .workerDied()
      .map((v) => ({ ...v, message: this.ledger.message(v) }));
    if (!timedOut) return verdicts;
    // A timeout is not a crash: that task fails at once, the other one in flight is innocent.
    return verdicts.map((v) =>
      v.index === timedOut.index
        ? { ...v, giveUp: true, message: timedOut.message }
        : { ...v, crashes: v.crashes - 1, giveUp: false },
    );
  }

  /** The page replaces the worker on purpose (recycling): no task in flight is blamed. */
  plannedRestart(): void {
    this.watchdog.stop();
    this.ledger.forgetInFlight();
  }

  /** Tasks to run alone after a crash. */
  suspects(): number[] {
    return Object.keys(this.ledger.snapshot())
      .map(Number)
      .filter((i) => this.ledger.runAlone(i));
  }

  crashes(): Record<number, number> {
    return this.ledger.snapshot();
  }

  stop(): void {
    this.watchdog.stop();
  }
}
