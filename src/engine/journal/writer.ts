// Batches the run's task records into few IndexedDB transactions: a write per
// task would cost more than many models' inference. A batch goes out when it
// holds `maxBatch` records or `maxDelayMs` after its first record, whichever
// comes first; add() waits for the write when a full batch is due, so a fast
// run cannot pile up unwritten results in memory.
//
// After a failed write the writer refuses further records: the engine must
// stop the run (a full disk), and everything written before stays valid. The
// records that could not be written stay in `unwritten`, so this session can
// still export them.

import type { TaskRecord } from './types';

export interface TaskRecordSink {
  writeTasks(runId: string, records: readonly TaskRecord[]): Promise<void>;
}

export interface WriterOptions {
  maxBatch?: number;
  maxDelayMs?: number;
  /** Called once, with the first write error (e.g. JournalQuotaError). */
  onError?: (error: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class JournalWriter {
  private pending: TaskRecord[] = [];
  private timer: unknown = null;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Records written so far. */
  written = 0;
  /** Records a failed write (or a refusal after it) did not store, in the order they came. */
  readonly unwritten: TaskRecord[] = [];

  constructor(
    private readonly sink: TaskRecordSink,
    private readonly runId: string,
    private readonly options: WriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxDelayMs = options.maxDelayMs ?? 250;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** The first write error, if any. */
  get error(): unknown {
    return this.failure;
  }

  /** Records not yet handed to a write. */
  get backlog(): number {
    return this.pending.length;
  }

  /** Queues a record; resolves at once, or after the write when a batch is full. Throws after a failure. */
  async add(record: Omit<TaskRecord, 'runId'>): Promise<void> {
    if (this.failure) {
      this.unwritten.push({ ...record, runId: this.runId });
      throw this.failure;
    }
    this.pending.push({ ...record, runId: this.runId });
    if (this.pending.length >= this.maxBatch) {
      await this.flush();
      if (this.failure) throw this.failure;
    } else if (this.timer === null) {
      this.timer = this.setTimer(() => {
        this.timer = null;
        void this.flush();
      }, this.maxDelayMs);
    }
  }

  /** Writes everything queued; resolves when all earlier writes are done. Never rejects. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    // Writes go one after another, so batches land in order.
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      if (this.failure) {
        this.unwritten.push(...batch);
        return;
      }
      try {
        await this.sink.writeTasks(this.runId, batch);
        this.written += batch.length;
      } catch (error) {
        this.failure = error;
        this.unwritten.push(...batch);
        this.options.onError?.(error);
      }
    });
    return this.writing;
  }

  /** Flushes, then throws the write error if there was one. */
  async close(): Promise<void> {
    await this.flush();
    if (this.failure) throw this.failure;
  }
}
