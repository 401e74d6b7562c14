// Which tasks were in flight when the worker died, and how often. The page
// keeps it (it outlives the worker) and saves counts in the run journal.
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

export const CRASHED_TWICE = 'the worker crashed twice on this task (out of memory?)';

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

  /** The worker died: every task in flight gets one more crash. */
  workerDied(): CrashVerdict[] {
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

  message(verdict: CrashVerdict): string {
    return verdict.crashes === 2
      ? CRASHED_TWICE
      : `the worker crashed ${verdict.crashes} times on this task (out of memory?)`;
  }
}
