// Which tasks of the running run are in flight, kept in the journal so that a
// death of the whole tab (renderer out of memory, browser crash) can be
// blamed on them after a reload: the page's CrashLedger dies with the tab. A
// tab the user reloads or closes is not a death (the page notes `pagehide`,
// src/app/run/left-cleanly.ts, and the resume then counts nothing). A task is in flight from the start of its prepare stage until
// it settles, as in CrashLedger.
//
// Cost: one tiny put per task, when its prepare starts (the set it writes
// still holds the task inferring alongside). started() issues the put at once
// (its transaction commits explicitly, so the browser process has the write
// before the stage's work is even posted) and resolves once it is stored. The
// prepare stage does not wait for that (supervised-tasks.ts): the engine
// worker's thread is blocked inside session.run while the previous task
// infers, so the completion would only be seen after it, and the prepare
// work, decoding included, would start only then. A task's later stage waits
// only for the write that stored it. A settled task is not written out: its task record
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
    // Issued now, not after the previous write: IndexedDB runs readwrite
    // transactions on one store in the order they were created, so the last
    // one issued is the one that stays. Marks are best effort: a full disk
    // stops the run elsewhere.
    const write = this.sink.writeFlight(this.runId, tasks).catch(() => undefined);
    this.writing = Promise.all([this.writing, write]).then(() => undefined);
    const storedBy = new Map<number, Promise<void>>();
    for (const task of tasks) storedBy.set(task, this.storedBy.get(task) ?? write);
    this.stored = new Set(tasks);
    this.storedBy = storedBy;
  }
}
