// Which tasks were in flight when the worker died, and how often. The page
// keeps one (it outlives the worker); the engine keeps the counts in the run
// journal, counting from the journal's in-flight marks after any death, of
// the worker or of the whole tab (journal/flight-marks.ts).
// With the run loop's overlap two tasks can be in flight (one inferring, the
// next being fetched/decoded), so both are suspects; a suspect then runs
// alone (`runAlone`) so that its next crash is unambiguous. A task whose
// count reaches `maxCrashes` is failed and the run goes on without it.

export type FlightStage = 'prepare' | 'infer';

export interface CrashVerdict {
  index: number;
  crashes: number;
  /** True: fail the task (crashed too often); false: retry it, alone. */
  giveUp: boolean;
}

/** What died: the worker (the page saw it), the tab (found after a reload), or unknown. */
export type CrashCause = 'worker' | 'tab' | 'either';

export const CRASHED_TWICE = 'the worker crashed twice on this task (out of memory?)';
export const TAB_CRASHED_TWICE =
  'the tab crashed twice while this task was running (out of memory?)';

export class CrashLedger {
  private readonly flying = new Map<number, FlightStage>();
  private readonly counts = new Map<number, number>();

  constructor(
    readonly maxCrashes = 2,
    initial: Record<number, number> = {},
  ) {
    for (const [index, count] of Object.entries(initial)) this.counts.set(Number(index), count);
  }

  started(index: number, stage: FlightStage): void {
    this.flying.set(index, stage);
  }

  /** The task settled (done or failed): it is no longer a suspect of a later crash. */
  finished(index: number): void {
    this.flying.delete(index);
  }

  inFlight(): number[] {
    return [...this.flying.keys()].sort((a, b) => a - b);
  }

  crashesOf(index: number): number {
    return this.counts.get(index) ?? 0;
  }

  /** A suspect of an earlier crash: run it with nothing else in flight. */
  runAlone(index: number): boolean {
    return this.crashesOf(index) > 0;
  }

  /** The worker is being replaced on purpose: what was in flight did not crash it. */
  forgetInFlight(): void {
    this.flying.clear();
  }

  /** The worker died: every task in flight gets one more crash. */
  workerDied(): CrashVerdict[] {
    return this.died();
  }

  /** The worker or the tab died: every task in flight gets one more crash. */
  died(): CrashVerdict[] {
    const verdicts = this.inFlight().map((index) => {
      const crashes = this.crashesOf(index) + 1;
      this.counts.set(index, crashes);
      return { index, crashes, giveUp: crashes >= this.maxCrashes };
    });
    this.flying.clear();
    return verdicts;
  }

  /** For the journal: task index → crashes. */
  snapshot(): Record<number, number> {
    return Object.fromEntries(this.counts);
  }

  message(verdict: CrashVerdict, cause: CrashCause = 'worker'): string {
    return crashMessage(verdict.crashes, cause);
  }
}

/** Why a task that crashed `crashes` times is failed; `cause`: what died the last time. */
export function crashMessage(crashes: number, cause: CrashCause): string {
  const times = crashes === 2 ? 'twice' : `${crashes} times`;
  if (cause === 'worker') return `the worker crashed ${times} on this task (out of memory?)`;
  const what = cause === 'tab' ? 'the tab' : 'the tab or its engine worker';
  return `${what} crashed ${times} while this task was running (out of memory?)`;
}
