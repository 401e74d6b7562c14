import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { classEvidence } from '../../models/predictor/class-evidence';
import { EngineJournal } from './engine-journal';
import { JournalQuotaError } from './errors';
import { RunJournal } from './run-journal';
import { TEST_RUN_SETTINGS } from './test-settings';

let n = 0;
const fresh = () => {
  const name = `engine-journal-${++n}`;
  return { name, journal: new EngineJournal(() => RunJournal.open(name), { maxBatch: 2 }) };
};

const settings = TEST_RUN_SETTINGS;
const match = { sourceFingerprint: 's', modelHash: 'm' };
const doneTask = (i: number) => ({
  task: { data: { image: `${i}.png` } },
  prediction: { model_version: 'yolo@1', result: [] },
});

describe('EngineJournal', () => {
  it('a run stopped halfway is offered for resuming with only its pending tasks', async () => {
    const { name } = fresh();
    // Timers that never fire: only full batches are written before the "tab closes".
    const journal = new EngineJournal(() => RunJournal.open(name), {
      maxBatch: 2,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    const stops: unknown[] = [];
    const first = await journal.begin(settings, 5, (e) => stops.push(e));
    expect(first?.pending).toEqual([0, 1, 2, 3, 4]);
    await journal.done(0, doneTask(0));
    await journal.failed({ index: 1, name: '1.png', stage: 'image', message: 'HTTP 404' });
    await journal.done(3, doneTask(3));
    // The tab is closed: nothing calls end(). The first batch (size 2) was
    // written; task 3 was still queued, so it is lost and runs again.
    const offer = await journal.findResumable(match);
    expect(offer?.counts).toMatchObject({ done: 1, failed: 1, pending: 3 });

    // After the reload: a new engine, the same database.
    const reloaded = new EngineJournal(() => RunJournal.open(name));
    const resumed = await reloaded.begin(settings, 5, (e) => stops.push(e), offer!.run.id);
    expect(resumed?.run.id).toBe(offer!.run.id);
    expect(resumed?.pending).toEqual([2, 3, 4]);
    for (const i of resumed!.pending) await reloaded.done(i, doneTask(i));
    await reloaded.end('finished');
    expect(await reloaded.findResumable(match)).toBeNull();
    expect((await reloaded.latestRun(match))?.run.status).toBe('finished');
    expect(stops).toEqual([]);
  });

  it('marks tasks in flight while running and removes the marks when the run ends', async () => {
    const { name, journal } = fresh();
    const run = await journal.begin(settings, 3, () => undefined);
    const db = await RunJournal.open(name);
    await journal.markStarted(0);
    await journal.markStarted(1);
    expect((await db.getFlight(run!.run.id))?.tasks).toEqual([0, 1]);
    journal.markSettled(0);
    await journal.done(0, doneTask(0));
    await journal.end('stopped');
    expect(await db.getFlight(run!.run.id)).toBeUndefined();
    // Resuming after that clean stop counts nothing.
    const resumed = await journal.begin(settings, 3, () => undefined, run!.run.id);
    expect(resumed?.landed).toEqual([]);
    expect(resumed?.run.crashes).toEqual({});
    db.close();
  });

  it('a page left on purpose (reload, close) counts no crash for the tasks in flight', async () => {
    const { name, journal } = fresh();
    const run = await journal.begin(settings, 3, () => undefined);
    await journal.markStarted(1);
    // No end(): the tab went away with task 1 in flight.
    const reloaded = new EngineJournal(() => RunJournal.open(name));
    const resumed = await reloaded.begin(settings, 3, () => undefined, run!.run.id, false);
    expect(resumed?.landed).toEqual([]);
    expect(resumed?.run.crashes).toEqual({});
    // The marks are gone: a later resume does not count them either.
    const db = await RunJournal.open(name);
    expect(await db.getFlight(run!.run.id)).toBeUndefined();
    db.close();
    // The same situation after a real death counts one crash.
    const killed = await reloaded.begin(settings, 3, () => undefined);
    await reloaded.markStarted(2);
    const again = new EngineJournal(() => RunJournal.open(name));
    const counted = await again.begin(settings, 3, () => undefined, killed!.run.id);
    expect(counted?.run.crashes).toEqual({ 2: 1 });
  });

  it('retry failed re-opens only the failures', async () => {
    const { journal } = fresh();
    const run = await journal.begin(settings, 3, () => undefined);
    await journal.done(0, doneTask(0));
    await journal.failed({ index: 1, name: '1.png', stage: 'image', message: 'x' });
    await journal.done(2, doneTask(2));
    await journal.end('finished');
    const retry = await journal.beginRetry(run!.run.id, () => undefined);
    expect(retry?.pending).toEqual([1]);
    await journal.done(1, doneTask(1));
    await journal.end('finished');
    const file = await journal.exportFile(run!.run.id, 'tasks-with-predictions');
    expect(
      JSON.parse(await file!.blob.text()).map((t: { data: { image: string } }) => t.data.image),
    ).toEqual(['0.png', '1.png', '2.png']);
  });

  it('a full disk asks the engine to stop and leaves the run resumable', async () => {
    const name = `engine-journal-quota-${++n}`;
    let writes = 0;
    const journal = new EngineJournal(
      async () => {
        const real = await RunJournal.open(name);
        const writeTasks = real.writeTasks.bind(real);
        real.writeTasks = async (id, records) => {
          if (++writes === 2) throw new JournalQuotaError();
          return writeTasks(id, records);
        };
        return real;
      },
      { maxBatch: 1 },
    );
    const stops: unknown[] = [];
    await journal.begin(settings, 4, (e) => stops.push(e));
    await journal.done(0, doneTask(0));
    await expect(journal.done(1, doneTask(1))).rejects.toBeInstanceOf(JournalQuotaError);
    expect(stops).toHaveLength(1);
    await journal.end('finished');
    const offer = await journal.findResumable(match);
    expect(offer?.counts).toMatchObject({ done: 1, pending: 3 });
    expect(offer?.run.status).toBe('stopped');
    expect(offer?.run.stopReason).toMatch(/storage .* is full/);
    // The task the disk refused is still this session's: exported and readable, in order.
    const file = await journal.exportFile(offer!.run.id, 'tasks-with-predictions');
    const exported = JSON.parse(await file!.blob.text()) as { data: { image: string } }[];
    expect(exported.map((t) => t.data.image)).toEqual(['0.png', '1.png']);
    const entries = [];
    for await (const [index] of journal.predictionSource(offer!.run.id).entries())
      entries.push(index);
    expect(entries).toEqual([0, 1]);
    expect(await journal.predictionSource(offer!.run.id).get(1)).toBeDefined();
    // A resume runs it again, from the journal.
    const resumed = await journal.begin(settings, 4, () => undefined, offer!.run.id);
    expect(resumed?.pending).toEqual([1, 2, 3]);
  });

  it('keeps each classifier task’s class evidence with its prediction, read back after a reload', async () => {
    const { name, journal } = fresh();
    const run = await journal.begin(settings, 3, () => undefined);
    const evidence = classEvidence(Float32Array.from([0.2, 0.5, 0.3]), 3)!;
    await journal.done(0, { ...doneTask(0), evidence });
    await journal.done(1, doneTask(1)); // a detection: no class evidence
    await journal.end('stopped');
    const reloaded = new EngineJournal(() => RunJournal.open(name));
    const entries = [];
    for await (const entry of reloaded.predictionSource(run!.run.id).entries()) entries.push(entry);
    expect(entries.map((e) => e.length)).toEqual([3, 2]);
    const [, , back] = entries[0] as unknown as [number, unknown, typeof evidence];
    expect(back.certainties).toEqual(evidence.certainties);
    expect(back.vector.indices).toEqual(Int32Array.from([0, 1, 2]));
    expect(back.vector.values).toEqual(Float32Array.from([0.2, 0.5, 0.3]));
  });

  it('without IndexedDB the engine runs on, with a reason to show', async () => {
    const journal = new EngineJournal(() => Promise.reject(new Error('IndexedDB is disabled')));
    expect(await journal.begin(settings, 2, () => undefined)).toBeNull();
    await journal.done(0, doneTask(0));
    expect(journal.unavailable).toBe('IndexedDB is disabled');
  });
});
