// Wraps a run's prepare/infer steps (run-loop's RunLoopDeps) with what a
// long run needs around each task, without changing the loop itself:
// - events (prepare → infer → settled) the page uses to know which task was
//   in flight when the worker died (crash-ledger) or overran (TaskWatchdog);
// - `mark`, called before each stage's work, so the journal holds the task
//   as in flight before it can take the whole tab down (flight-marks.ts).
//   The infer stage awaits it (long stored by then). The prepare stage only
//   issues it, unless the task is run alone: it starts while the previous
//   task's session.run holds this thread, so awaiting the write there held
//   the next image's decode back until that inference ended;
// - onSettled, called as each task ends, so the journal gets every result
//   and failure as it happens, not at the end of the run;
// - a timeout on the awaited prepare stage (fetch + decode);
// - "run alone": a suspect of an earlier crash is neither prepared while
//   another task infers nor inferred while another is prepared, so a crash
//   with it in flight has only one suspect.

import type { FailureStage, TaskFailure } from './api';
import type { FlightStage } from './crash-ledger';
import { TaskStageError } from './run-loop';
import { realTimers, withTimeout, type Timers } from './task-timeout';

export type TaskEventStage = 'prepare' | 'infer' | 'settled';

export interface TaskEvent {
  index: number;
  stage: TaskEventStage;
}

export interface SupervisionDeps<Prepared> {
  prepare(index: number): Promise<Prepared>;
  infer(index: number, prepared: Prepared): Promise<void>;
  taskName(index: number): string;
  runAlone?(index: number): boolean;
  onEvent?(event: TaskEvent): void;
  /**
   * The journal's in-flight mark, called before the stage's work starts; it
   * must issue its write synchronously. Errors are ignored.
   */
  mark?(index: number, stage: FlightStage): Promise<void> | void;
  /** `failure` undefined: the task is done. Errors thrown here do not fail the task. */
  onSettled?(index: number, failure?: TaskFailure): Promise<void> | void;
  /** Limit of the prepare stage; ≤ 0 or absent: none. */
  prepareTimeoutMs?: number;
  timers?: Timers;
}

export interface SupervisedSteps<Prepared> {
  prepare(index: number): Promise<Prepared>;
  infer(index: number, prepared: Prepared): Promise<void>;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function superviseTasks<Prepared>(
  deps: SupervisionDeps<Prepared>,
): SupervisedSteps<Prepared> {
  const settledGates = new Map<number, ReturnType<typeof deferred>>();
  const gate = (index: number) => {
    let g = settledGates.get(index);
    if (!g) settledGates.set(index, (g = deferred()));
    return g;
  };
  const release = (index: number) => {
    gate(index).resolve();
    settledGates.delete(index);
  };
  const alone = (index: number) => deps.runAlone?.(index) === true;
  /** The task prepared last: the loop prepares one ahead of the one it infers. */
  let previous: number | undefined;

  const mark = async (index: number, stage: FlightStage) => {
    try {
      await deps.mark?.(index, stage);
    } catch {
      // Marks are best effort: the task runs anyway.
    }
  };

  const settle = async (index: number, failure?: TaskFailure) => {
    try {
      await deps.onSettled?.(index, failure);
    } catch {
      // A journal that cannot write stops the run through its own channel.
    }
    deps.onEvent?.({ index, stage: 'settled' });
  };

  const failureOf = (index: number, error: unknown, stage: FailureStage): TaskFailure => ({
    index,
    name: deps.taskName(index),
    stage: error instanceof TaskStageError ? error.stage : stage,
    message: messageOf(error),
  });

  return {
    async prepare(index) {
      const before = previous;
      previous = index;
      gate(index);
      // A suspect waits for the task before it to end; so does the task after a suspect.
      if (before !== undefined && (alone(index) || alone(before))) {
        await settledGates.get(before)?.promise;
      }
      deps.onEvent?.({ index, stage: 'prepare' });
      const marked = mark(index, 'prepare');
      if (alone(index)) await marked;
      try {
        const ms = deps.prepareTimeoutMs ?? 0;
        return await withTimeout(
          () => deps.prepare(index),
          ms,
          `reading ${deps.taskName(index)}`,
          deps.timers ?? realTimers,
        );
      } catch (error) {
        const failure = failureOf(index, error, 'image');
        await settle(index, failure);
        release(index);
        throw new TaskStageError(failure.stage, failure.message);
      }
    },

    async infer(index, prepared) {
      // Nothing to wait for: the next task's prepare() waits for this one when either is a suspect.
      deps.onEvent?.({ index, stage: 'infer' });
      try {
        await mark(index, 'infer');
        await deps.infer(index, prepared);
        await settle(index);
      } catch (error) {
        const failure = failureOf(index, error, 'inference');
        await settle(index, failure);
        throw new TaskStageError(failure.stage, failure.message);
      } finally {
        release(index);
      }
    },
  };
}
