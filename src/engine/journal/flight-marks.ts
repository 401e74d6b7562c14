// Which tasks of the running run are in flight, kept in the journal so that a
// death of the whole tab (renderer out of memory, browser crash) can be
// blamed on them after a reload: the page's CrashLedger dies with the tab. A
// tab the user reloads or closes is not a death (the page notes `pagehide`,
// src/app/run/left-cleanly.ts, and the resume then counts nothing). A task is in flight from the start of its prepare stage until
// it settles, as in CrashLedger.
//
// Cost: one tiny put per task, when its prepare starts (the set it writes
// still holds the task inferring alongside). The put is awaited before the
// prepare work begins, so the mark is stored before that work can kill the
// tab; the run loop prepares a task while the previous one infers, so this
// wait overlaps inference. A task's later stage waits only for the write that
// stored it, not for the next task's mark issued meanwhile (that wait sat
// between every two inferences). A settled task is not written out: its task record
// supersedes the mark (a marked task that is not pending is not counted).
// Pause and a clean end remove the marks, so a reload then counts nothing.

export interface FlightSink {
  writeFlight(runId: string, tasks: readonly number[]): Promise<void>;
}

export class FlightMarks {
  private readonly flying = new Set<number>();
  /** The set last handed to a write. */
  private stored = new Set<number>();
  /** Per task in `stored`: the write that stored it. */
  private storedBy = new Map<number, Promise<void>>();
  private writing: Promise<void> = Promise.resolve();
  private suspended = false;
  private closed = false;
  /** Writes issued so far (for tests and measurements). */
  writes = 0;

  constructor(
    private readonly sink: FlightSink,
    private readonly runId: string,
  ) {}

  /** The task starts a stage; resolves once the mark is stored (never rejects). */
  async started(index: number): Promise<void> {
    if (this.closed) return;
    this.flying.add(index);
    if (this.suspended) return this.writing;
    if (!this.stored.has(index)) this.store();
    await this.storedBy.get(index);
  }

  /** The task settled; its task record, written by the batching writer, supersedes the mark. */
  settled(index: number): void {
    this.flying.delete(index);
    this.storedBy.delete(index);
  }

  /** The run paused: nothing is being worked on, so a reload now is clean. */
  suspend(): void {
    if (this.suspended || this.closed) return;
    this.suspended = true;
    this.store();
  }

  /** The run goes on after a pause: the next stage to start writes its mark again. */
  unsuspend(): void {
    this.suspended = false;
  }

  /** The run ended (finished, cancelled, stopped): removes the marks; resolves when done. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.flying.clear();
      this.store();
    }
    return this.writing;
  }

  private store(): void {
    const tasks = this.suspended || this.closed ? [] : [...this.flying].sort((a, b) => a - b);
    this.writes++;
    // One write after another, so the last one issued is the one that stays.
    const write = this.writing
      .then(() => this.sink.writeFlight(this.runId, tasks))
      .catch(() => undefined); // marks are best effort: a full disk stops the run elsewhere
    this.writing = write;
    const storedBy = new Map<number, Promise<void>>();
    for (const task of tasks) storedBy.set(task, this.storedBy.get(task) ?? write);
    this.stored = new Set(tasks);
    this.storedBy = storedBy;
  }
}
