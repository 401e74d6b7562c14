import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LsPrediction } from '../../core/results/types';
import { JournalQuotaError } from './errors';
import { RunJournal, STATE_CODES } from './run-journal';
import type { RunRecord, RunSettings, TaskRecord } from './types';

let dbCount = 0;
const opened: RunJournal[] = [];
async function openJournal(): Promise<RunJournal> {
  const journal = await RunJournal.open(`journal-test-${++dbCount}`);
  opened.push(journal);
  return journal;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const j of opened.splice(0)) j.close();
});

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    modelHash: 'model-a',
    modelName: 'yolo',
    modelVersion: 'yolo@12345678',
    configHash: 'config-a',
    sourceFingerprint: 'source-a',
    request: { targets: [], options: { confidence: 0.25, iou: 0.7, maxDetections: 100 } },
    ...overrides,
  };
}

const prediction = (n: number): LsPrediction => ({
  model_version: 'yolo@12345678',
  score: n / 10,
  result: [],
});

function done(index: number): Omit<TaskRecord, 'runId'> & { runId: string } {
  return {
    runId: '',
    index,
    state: 'done',
    task: { data: { image: `img${index}.png` } },
    prediction: prediction(index),
    at: 0,
  };
}

function failed(index: number): TaskRecord {
  return {
    runId: '',
    index,
    state: 'failed',
    failure: { name: `img${index}.png`, stage: 'image', message: 'cannot decode the image' },
    at: 0,
  };
}

describe('RunJournal', () => {
  it('counts settled tasks and lists each state in index order', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 6);
    await journal.writeTasks(run.id, [done(4), failed(1), done(0)]);
    await journal.writeTasks(run.id, [{ ...failed(5), state: 'skipped', reason: 'no image' }]);

    expect(await journal.counts(run.id)).toEqual({
      total: 6,
      done: 2,
      failed: 1,
      skipped: 1,
      pending: 2,
    });
    expect(await journal.indicesIn(run.id, 'done')).toEqual([0, 4]);
    expect(await journal.indicesIn(run.id, 'failed')).toEqual([1]);
    expect(await journal.indicesIn(run.id, 'pending')).toEqual([2, 3]);
    const { pending: p, done: d, failed: f, skipped: s } = STATE_CODES;
    expect([...(await journal.taskStates(run.id))]).toEqual([d, f, p, p, d, s]);
  });

  it('a task written again replaces its record (retry: failed → done)', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 2);
    await journal.writeTasks(run.id, [failed(1)]);
    await journal.writeTasks(run.id, [done(1)]);
    expect(await journal.counts(run.id)).toMatchObject({ done: 1, failed: 0, pending: 1 });
    expect((await journal.getTask(run.id, 1))?.prediction).toEqual(prediction(1));
  });

  it('keeps runs apart: records of one run never show in another', async () => {
    const journal = await openJournal();
    const a = await journal.createRun(settings(), 3);
    const b = await journal.createRun(settings({ sourceFingerprint: 'source-b' }), 3);
    await journal.writeTasks(a.id, [done(0), done(1)]);
    await journal.writeTasks(b.id, [done(2)]);
    expect(await journal.indicesIn(a.id, 'done')).toEqual([0, 1]);
    expect(await journal.indicesIn(b.id, 'done')).toEqual([2]);
    await journal.deleteRun(a.id);
    expect(await journal.getRun(a.id)).toBeUndefined();
    expect(await journal.counts(b.id)).toMatchObject({ done: 1 });
    expect(await journal.getTask(a.id, 0)).toBeUndefined();
  });

  it('reads records page by page, in index order, across transactions', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 10);
    await journal.writeTasks(run.id, [7, 2, 9, 0, 5].map(done));
    await journal.writeTasks(run.id, [3, 1].map(failed));
    const seen: number[] = [];
    for await (const record of journal.readTasks(run.id, { pageSize: 2 })) {
      seen.push(record.index);
      // Awaiting other work between records must not break the reading.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(seen).toEqual([0, 1, 2, 3, 5, 7, 9]);
    const doneOnly: number[] = [];
    for await (const r of journal.readTasks(run.id, { state: 'done', pageSize: 3 }))
      doneOnly.push(r.index);
    expect(doneOnly).toEqual([0, 2, 5, 7, 9]);
  });

  it('offers the newest unfinished run of the same tasks and model', async () => {
    const journal = await openJournal();
    const old = await journal.createRun(settings(), 3, 1000);
    const newer = await journal.createRun(settings(), 3, 2000);
    await journal.createRun(settings({ modelHash: 'model-b' }), 3, 3000);
    await journal.writeTasks(newer.id, [done(0)], 2500);
    const match = { sourceFingerprint: 'source-a', modelHash: 'model-a' };

    const found = await journal.findResumable(match);
    expect(found?.run.id).toBe(newer.id);
    expect(found?.counts).toMatchObject({ done: 1, total: 3, pending: 2 });

    // A finished run is not offered for resuming, but is still the latest run to export.
    await journal.setStatus(newer.id, 'finished', undefined, 4000);
    expect((await journal.findResumable(match))?.run.id).toBe(old.id);
    expect((await journal.latestRun(match))?.run.id).toBe(newer.id);
    // A config filter, when given, must match too.
    expect(await journal.findResumable({ ...match, configHash: 'other' })).toBeNull();
    expect(await journal.findResumable({ ...match, sourceFingerprint: 'nope' })).toBeNull();
  });

  it('a run with every task settled is not offered for resuming', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 2);
    await journal.writeTasks(run.id, [done(0), failed(1)]);
    expect(
      await journal.findResumable({ sourceFingerprint: 'source-a', modelHash: 'model-a' }),
    ).toBeNull();
  });

  it('counts crashes per task and clears failures for a retry', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 4);
    expect(await journal.recordCrash(run.id, 2)).toBe(1);
    expect(await journal.recordCrash(run.id, 2)).toBe(2);
    expect((await journal.getRun(run.id))?.crashes).toEqual({ 2: 2 });
    await journal.writeTasks(run.id, [done(0), failed(1), failed(3)]);
    expect(await journal.clearFailed(run.id)).toEqual([1, 3]);
    expect(await journal.indicesIn(run.id, 'pending')).toEqual([1, 2, 3]);
  });

  it('keeps the tasks in flight per run; landing a flight saves crashes and removes it at once', async () => {
    const journal = await openJournal();
    const a = await journal.createRun(settings(), 4);
    const b = await journal.createRun(settings(), 4);
    await journal.writeFlight(a.id, [1, 2], 7);
    await journal.writeFlight(b.id, [0]);
    expect(await journal.getFlight(a.id)).toEqual({ runId: a.id, tasks: [1, 2], at: 7 });
    // The last write wins; an empty set removes the record (a pause).
    await journal.writeFlight(a.id, [2]);
    expect((await journal.getFlight(a.id))?.tasks).toEqual([2]);
    await journal.writeFlight(b.id, []);
    expect(await journal.getFlight(b.id)).toBeUndefined();

    const landed = await journal.landFlight(a.id, { 2: 1 });
    expect(landed.crashes).toEqual({ 2: 1 });
    expect((await journal.getRun(a.id))?.crashes).toEqual({ 2: 1 });
    expect(await journal.getFlight(a.id)).toBeUndefined();
    await journal.writeFlight(a.id, [3]);
    await journal.deleteRun(a.id);
    expect(await journal.getFlight(a.id)).toBeUndefined();
  });

  it('opens a journal made before in-flight marks (version 1) and keeps its runs', async () => {
    const name = `journal-v1-${++dbCount}`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('by-source', 'settings.sourceFingerprint');
        runs.createIndex('by-updated', 'updatedAt');
        const tasks = db.createObjectStore('tasks', { keyPath: ['runId', 'index'] });
        tasks.createIndex('by-state', ['runId', 'state']);
      },
    });
    const old: RunRecord = {
      id: 'old',
      createdAt: 1,
      updatedAt: 1,
      status: 'running',
      total: 2,
      settings: settings(),
      crashes: {},
    };
    await v1.put('runs', old);
    await v1.put('tasks', { ...done(0), runId: 'old' });
    v1.close();

    const journal = await RunJournal.open(name);
    opened.push(journal);
    expect(await journal.getRun('old')).toEqual(old);
    expect(await journal.indicesIn('old', 'pending')).toEqual([1]);
    await journal.writeFlight('old', [1]);
    expect((await journal.getFlight('old'))?.tasks).toEqual([1]);
  });

  it('stores raw candidates as typed arrays and gives them back intact', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 1);
    const scores = new Float64Array([0.9, 0.123456789012345]);
    await journal.writeTasks(run.id, [
      {
        ...done(0),
        raw: {
          count: 2,
          kinds: new Uint8Array([0, 0]),
          classes: new Int32Array([1, 2]),
          scores,
          boxes: new Float64Array(8),
          boxStride: 4,
          stats: new Float64Array(0),
          keypointsPer: 0,
          keypoints: new Float64Array(0),
          floor: 0.05,
          truncated: false,
        },
      },
    ]);
    const back = await journal.getTask(run.id, 0);
    expect(back?.raw?.scores).toBeInstanceOf(Float64Array);
    expect([...(back?.raw?.scores ?? [])]).toEqual([...scores]);
  });

  it('a full disk fails the whole batch as JournalQuotaError and keeps earlier batches', async () => {
    const journal = await openJournal();
    const run = await journal.createRun(settings(), 6);
    await journal.writeTasks(run.id, [done(0), done(1)]);

    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      // The second put of the batch hits the quota.
      if (this.name === 'tasks' && ++calls === 2) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
    await expect(journal.writeTasks(run.id, [done(2), done(3), done(4)])).rejects.toBeInstanceOf(
      JournalQuotaError,
    );
    vi.restoreAllMocks();

    expect(await journal.indicesIn(run.id, 'done')).toEqual([0, 1]);
    // The journal is still usable after the failure.
    await journal.writeTasks(run.id, [done(2)]);
    expect(await journal.indicesIn(run.id, 'done')).toEqual([0, 1, 2]);
  });

  it('writes a batch of tasks in one transaction, not one per task', async () => {
    const journal = await openJournal();
    const total = 5000;
    const run = await journal.createRun(settings(), total);
    // Counting transactions instead of timing: per-task transactions are what
    // made big runs slow, and a count does not depend on the machine's load.
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    for (let i = 0; i < total; i += 100) {
      await journal.writeTasks(
        run.id,
        Array.from({ length: 100 }, (_, k) => done(i + k)),
      );
    }
    expect(transaction).toHaveBeenCalledTimes(total / 100);
    transaction.mockRestore();
    expect(await journal.counts(run.id)).toMatchObject({ done: total, pending: 0 });
  });

  it('keeps the newest runs when pruning, and never a running one', async () => {
    const journal = await openJournal();
    const a = await journal.createRun(settings(), 1, 1);
    const b = await journal.createRun(settings(), 1, 2);
    const c = await journal.createRun(settings(), 1, 3);
    await journal.setStatus(a.id, 'finished', undefined, 1);
    await journal.setStatus(c.id, 'finished', undefined, 3);
    // b (oldest finished after a) is still running: kept.
    expect(await journal.pruneRuns(1)).toEqual([a.id]);
    expect((await journal.listRuns()).map((r) => r.id)).toEqual([c.id, b.id]);
  });
});
