// The run journal in IndexedDB (idb): runs, their settled tasks and the
// tasks in flight (flight-marks.ts). Works in
// the worker (where runs write it) and on the page (which can list runs).
// Reads of many tasks go page by page, each page its own transaction, because
// an IndexedDB transaction closes as soon as its caller awaits anything else.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { asJournalError, JournalUnavailableError } from './errors';
import type {
  FlightRecord,
  RunProgressCounts,
  RunRecord,
  RunSettings,
  RunStatus,
  SettledState,
  TaskRecord,
  TaskState,
} from './types';

interface JournalSchema extends DBSchema {
  runs: {
    key: string;
    value: RunRecord;
    indexes: { 'by-source': string; 'by-updated': number };
  };
  tasks: {
    key: [string, number];
    value: TaskRecord;
    indexes: { 'by-state': [string, string] };
  };
  /** Version 2: one record per run with tasks in flight. */
  flights: {
    key: string;
    value: FlightRecord;
  };
}

export const JOURNAL_DB_NAME = 'prelabel-runs';
const VERSION = 2;
const SETTLED: readonly SettledState[] = ['done', 'failed', 'skipped'];

/** Codes of taskStates(): index → state. */
export const STATE_CODES: Record<TaskState, number> = {
  pending: 0,
  done: 1,
  failed: 2,
  skipped: 3,
};

export interface RunMatch {
  sourceFingerprint: string;
  modelHash: string;
  /** Also require the same config (else any config matches). */
  configHash?: string;
}

export interface ResumableRun {
  run: RunRecord;
  counts: RunProgressCounts;
}

function newRunId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `run-${Date.now()}-${Math.random().toString(36).slice(2)}`
  );
}

function taskRange(runId: string, from = 0): IDBKeyRange {
  return IDBKeyRange.bound([runId, from], [runId, Infinity]);
}

export class RunJournal {
  private constructor(private readonly db: IDBPDatabase<JournalSchema>) {}

  static async open(name = JOURNAL_DB_NAME): Promise<RunJournal> {
    try {
      const db = await openDB<JournalSchema>(name, VERSION, {
        upgrade(database, oldVersion) {
          if (oldVersion < 1) {
            const runs = database.createObjectStore('runs', { keyPath: 'id' });
            runs.createIndex('by-source', 'settings.sourceFingerprint');
            runs.createIndex('by-updated', 'updatedAt');
            const tasks = database.createObjectStore('tasks', { keyPath: ['runId', 'index'] });
            tasks.createIndex('by-state', ['runId', 'state']);
          }
          if (oldVersion < 2) database.createObjectStore('flights', { keyPath: 'runId' });
        },
      });
      return new RunJournal(db);
    } catch (error) {
      throw new JournalUnavailableError(error);
    }
  }

  close(): void {
    this.db.close();
  }

  async createRun(settings: RunSettings, total: number, now = Date.now()): Promise<RunRecord> {
    const run: RunRecord = {
      id: newRunId(),
      createdAt: now,
      updatedAt: now,
      status: 'running',
      total,
      settings,
      crashes: {},
    };
    try {
      await this.db.put('runs', run);
    } catch (error) {
      throw asJournalError(error);
    }
    return run;
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  /** Newest first. */
  async listRuns(): Promise<RunRecord[]> {
    return (await this.db.getAllFromIndex('runs', 'by-updated')).reverse();
  }

  private async matching(match: RunMatch): Promise<RunRecord[]> {
    const runs = await this.db.getAllFromIndex('runs', 'by-source', match.sourceFingerprint);
    return runs
      .filter(
        (r) =>
          r.settings.modelHash === match.modelHash &&
          (match.configHash === undefined || r.settings.configHash === match.configHash),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The newest run of these tasks with this model, finished or not. */
  async latestRun(match: RunMatch): Promise<ResumableRun | null> {
    const run = (await this.matching(match))[0];
    return run ? { run, counts: await this.counts(run.id) } : null;
  }

  /** The newest run of these tasks with this model that still has pending tasks. */
  async findResumable(match: RunMatch): Promise<ResumableRun | null> {
    for (const run of await this.matching(match)) {
      if (run.status === 'finished') continue;
      const counts = await this.counts(run.id);
      if (counts.pending > 0) return { run, counts };
    }
    return null;
  }

  async counts(runId: string): Promise<RunProgressCounts> {
    const run = await this.getRun(runId);
    const total = run?.total ?? 0;
    const tx = this.db.transaction('tasks');
    const index = tx.store.index('by-state');
    const [done, failed, skipped] = await Promise.all(
      SETTLED.map((state) => index.count(IDBKeyRange.only([runId, state]))),
    );
    await tx.done;
    const settled = (done ?? 0) + (failed ?? 0) + (skipped ?? 0);
    return {
      total,
      done: done ?? 0,
      failed: failed ?? 0,
      skipped: skipped ?? 0,
      pending: Math.max(0, total - settled),
    };
  }

  /** Indices of the tasks in one state, ascending (pending: those without a record). */
  async indicesIn(runId: string, state: TaskState): Promise<number[]> {
    if (state === 'pending') {
      const states = await this.taskStates(runId);
      const out: number[] = [];
      states.forEach((code, i) => code === STATE_CODES.pending && out.push(i));
      return out;
    }
    const keys = await this.db.getAllKeysFromIndex(
      'tasks',
      'by-state',
      IDBKeyRange.only([runId, state]),
    );
    return keys.map((k) => k[1]).sort((a, b) => a - b);
  }

  /** One byte per task (STATE_CODES): 50k tasks in 50 kB. */
  async taskStates(runId: string): Promise<Uint8Array> {
    const run = await this.getRun(runId);
    const states = new Uint8Array(run?.total ?? 0);
    const tx = this.db.transaction('tasks');
    const index = tx.store.index('by-state');
    const lists = await Promise.all(
      SETTLED.map((state) => index.getAllKeys(IDBKeyRange.only([runId, state]))),
    );
    await tx.done;
    SETTLED.forEach((state, s) => {
      for (const key of lists[s] ?? [])
        if (key[1] < states.length) states[key[1]] = STATE_CODES[state];
    });
    return states;
  }

  getTask(runId: string, index: number): Promise<TaskRecord | undefined> {
    return this.db.get('tasks', [runId, index]);
  }

  /**
   * Settles tasks in one transaction: all of them are written or none (a full
   * disk aborts the batch, and what earlier batches wrote stays consistent).
   */
  async writeTasks(runId: string, records: readonly TaskRecord[], now = Date.now()): Promise<void> {
    if (records.length === 0) return;
    const tx = this.db.transaction(['tasks', 'runs'], 'readwrite');
    const writes: Promise<unknown>[] = [tx.done];
    try {
      const tasks = tx.objectStore('tasks');
      const runs = tx.objectStore('runs');
      for (const r of records) writes.push(tasks.put({ ...r, runId }));
      writes.push(
        runs.get(runId).then((run) => (run ? runs.put({ ...run, updatedAt: now }) : undefined)),
      );
      await Promise.all(writes);
    } catch (error) {
      // A put that threw at once (e.g. a value that cannot be stored) would
      // otherwise let the rest of the batch commit: abort makes it all or nothing.
      for (const write of writes) write.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // already aborted by the browser (quota) or finished
      }
      throw asJournalError(error);
    }
  }

  /** Task records in index order, read `pageSize` at a time. */
  async *readTasks(
    runId: string,
    options: { state?: SettledState; from?: number; pageSize?: number } = {},
  ): AsyncGenerator<TaskRecord> {
    const pageSize = options.pageSize ?? 256;
    let from = options.from ?? 0;
    for (;;) {
      const page = await this.db.getAll('tasks', taskRange(runId, from), pageSize);
      for (const record of page) if (!options.state || record.state === options.state) yield record;
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return;
      from = last.index + 1;
    }
  }

  private async updateRun(
    runId: string,
    change: (run: RunRecord) => RunRecord,
  ): Promise<RunRecord> {
    try {
      const tx = this.db.transaction('runs', 'readwrite');
      const run = await tx.store.get(runId);
      if (!run) throw new Error(`no run ${runId} in the journal`);
      const next = change(run);
      await Promise.all([tx.store.put(next), tx.done]);
      return next;
    } catch (error) {
      throw asJournalError(error);
    }
  }

  setStatus(
    runId: string,
    status: RunStatus,
    reason?: string,
    now = Date.now(),
  ): Promise<RunRecord> {
    return this.updateRun(runId, ({ stopReason: _old, ...run }) => ({
      ...run,
      status,
      updatedAt: now,
      ...(reason ? { stopReason: reason } : {}),
    }));
  }

  updateSettings(runId: string, settings: RunSettings, now = Date.now()): Promise<RunRecord> {
    return this.updateRun(runId, (run) => ({ ...run, settings, updatedAt: now }));
  }

  /** Counts one more worker crash with this task in flight; returns the new count. */
  async recordCrash(runId: string, index: number): Promise<number> {
    const run = await this.updateRun(runId, (r) => ({
      ...r,
      crashes: { ...r.crashes, [index]: (r.crashes[index] ?? 0) + 1 },
    }));
    return run.crashes[index] ?? 0;
  }

  /**
   * Stores which tasks of a run are in flight (none: removes the record).
   * One small put in its own transaction, on a store no other write uses, so
   * it never waits for a batch of task records. Relaxed durability: a tab or
   * worker crash does not lose what the browser process already committed.
   * The explicit commit sends the commit with the put: it does not wait for
   * this thread to come back to its event loop (session.run may hold it).
   */
  async writeFlight(runId: string, tasks: readonly number[], now = Date.now()): Promise<void> {
    try {
      const tx = this.db.transaction('flights', 'readwrite', { durability: 'relaxed' });
      const write =
        tasks.length === 0
          ? tx.store.delete(runId)
          : tx.store.put({ runId, tasks: [...tasks], at: now });
      tx.commit();
      await Promise.all([write, tx.done]);
    } catch (error) {
      throw asJournalError(error);
    }
  }

  getFlight(runId: string): Promise<FlightRecord | undefined> {
    return this.db.get('flights', runId);
  }

  /**
   * After a death: saves the run's new crash counts and removes its flight
   * record in one transaction, so the same death is never counted twice.
   */
  async landFlight(runId: string, crashes: Record<number, number>): Promise<RunRecord> {
    try {
      const tx = this.db.transaction(['runs', 'flights'], 'readwrite');
      const runs = tx.objectStore('runs');
      const run = await runs.get(runId);
      if (!run) throw new Error(`no run ${runId} in the journal`);
      const next = { ...run, crashes };
      await Promise.all([runs.put(next), tx.objectStore('flights').delete(runId), tx.done]);
      return next;
    } catch (error) {
      throw asJournalError(error);
    }
  }

  /** Makes failed tasks pending again, for "retry failed" (a crash mid-retry then resumes them). */
  async clearFailed(runId: string): Promise<number[]> {
    const failed = await this.indicesIn(runId, 'failed');
    try {
      const tx = this.db.transaction('tasks', 'readwrite');
      await Promise.all([...failed.map((i) => tx.store.delete([runId, i])), tx.done]);
    } catch (error) {
      throw asJournalError(error);
    }
    return failed;
  }

  async deleteRun(runId: string): Promise<void> {
    const tx = this.db.transaction(['tasks', 'runs', 'flights'], 'readwrite');
    await Promise.all([
      tx.objectStore('tasks').delete(taskRange(runId)),
      tx.objectStore('runs').delete(runId),
      tx.objectStore('flights').delete(runId),
      tx.done,
    ]);
  }

  /** Keeps the `keep` most recently updated runs (and any still running), deletes the rest. */
  async pruneRuns(keep: number): Promise<string[]> {
    const runs = await this.listRuns();
    const doomed = runs.slice(keep).filter((r) => r.status !== 'running');
    for (const run of doomed) await this.deleteRun(run.id);
    return doomed.map((r) => r.id);
  }
}
