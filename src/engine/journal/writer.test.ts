import { describe, expect, it } from 'vitest';
import { JournalQuotaError } from './errors';
import type { TaskRecord } from './types';
import { JournalWriter, type TaskRecordSink } from './writer';

/** A sink that records batches; `failOn` makes that batch number fail. */
function sink(failOn?: number, error: unknown = new JournalQuotaError()) {
  const batches: number[][] = [];
  const impl: TaskRecordSink = {
    async writeTasks(_runId, records) {
      if (batches.length + 1 === failOn) {
        batches.push([]);
        throw error;
      }
      batches.push(records.map((r) => r.index));
    },
  };
  return { impl, batches };
}

/** Manual timers: run() fires the pending one. */
function manualTimers() {
  let pending: (() => void) | null = null;
  return {
    setTimer: (fn: () => void) => {
      pending = fn;
      return 1;
    },
    clearTimer: () => {
      pending = null;
    },
    run: () => {
      const fn = pending;
      pending = null;
      fn?.();
    },
    get armed() {
      return pending !== null;
    },
  };
}

const record = (index: number): Omit<TaskRecord, 'runId'> => ({ index, state: 'done', at: 0 });

describe('JournalWriter', () => {
  it('writes a batch when it is full, in order, and waits for that write', async () => {
    const { impl, batches } = sink();
    const timers = manualTimers();
    const writer = new JournalWriter(impl, 'run', { maxBatch: 3, ...timers });
    await writer.add(record(0));
    await writer.add(record(1));
    expect(batches).toEqual([]);
    await writer.add(record(2));
    expect(batches).toEqual([[0, 1, 2]]);
    await writer.add(record(3));
    await writer.close();
    expect(batches).toEqual([[0, 1, 2], [3]]);
    expect(writer.written).toBe(4);
  });

  it('writes a partial batch when its delay has passed', async () => {
    const { impl, batches } = sink();
    const timers = manualTimers();
    const writer = new JournalWriter(impl, 'run', { maxBatch: 100, ...timers });
    await writer.add(record(5));
    expect(timers.armed).toBe(true);
    timers.run();
    await writer.flush();
    expect(batches).toEqual([[5]]);
    expect(timers.armed).toBe(false);
  });

  it('stamps every record with the run id', async () => {
    const seen: string[] = [];
    const writer = new JournalWriter(
      { writeTasks: async (_id, records) => void seen.push(...records.map((r) => r.runId)) },
      'run-7',
      { maxBatch: 2 },
    );
    await writer.add(record(0));
    await writer.add(record(1));
    expect(seen).toEqual(['run-7', 'run-7']);
  });

  it('after a failed write: reports once, refuses records, keeps what was written', async () => {
    const { impl, batches } = sink(2);
    const errors: unknown[] = [];
    const writer = new JournalWriter(impl, 'run', {
      maxBatch: 2,
      onError: (e) => errors.push(e),
      ...manualTimers(),
    });
    await writer.add(record(0));
    await writer.add(record(1));
    await writer.add(record(2));
    await expect(writer.add(record(3))).rejects.toBeInstanceOf(JournalQuotaError);
    await expect(writer.add(record(4))).rejects.toBeInstanceOf(JournalQuotaError);
    await expect(writer.close()).rejects.toBeInstanceOf(JournalQuotaError);
    expect(errors).toHaveLength(1);
    expect(batches[0]).toEqual([0, 1]);
    expect(writer.written).toBe(2);
    // Nothing done is lost: the session still has what the disk refused.
    expect(writer.unwritten.map((r) => r.index)).toEqual([2, 3, 4]);
  });
});
