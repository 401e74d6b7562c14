import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LsPrediction } from '../core/results/types';
import { EngineJournal } from './journal/engine-journal';
import { RunJournal } from './journal/run-journal';
import { TEST_RUN_SETTINGS } from './journal/test-settings';
import { PredictionStore, RECENT_PREDICTIONS, type PredictionSource } from './prediction-store';

const prediction = (i: number, version = 'v1'): LsPrediction => ({
  model_version: version,
  score: i / 10_000,
  result: [],
});

/** A journal stand-in: what was "written", and how often it was read. */
function fakeSource(written = new Map<number, LsPrediction>()) {
  const reads = { get: 0, entries: 0 };
  const source: PredictionSource = {
    get: async (index) => {
      reads.get++;
      return written.get(index);
    },
    entries: async function* () {
      reads.entries++;
      for (const index of [...written.keys()].sort((a, b) => a - b)) {
        yield [index, written.get(index)!] as const;
      }
    },
  };
  return { source, written, reads };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('PredictionStore without a journal', () => {
  it('keeps every prediction in memory', async () => {
    const store = new PredictionStore({ recent: 16 });
    store.reset(10_000);
    for (let i = 0; i < 10_000; i++) store.set(i, prediction(i));
    expect(store.heldCount).toBe(10_000);
    expect(store.doneCount).toBe(10_000);
    expect(await store.get(3)).toEqual(prediction(3));
    const entries = await collect(store.entries());
    expect(entries.map(([i]) => i)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('a cleared task is not done and has no prediction; reset forgets everything', async () => {
    const store = new PredictionStore();
    store.reset(3);
    store.set(0, prediction(0));
    store.set(2, prediction(2));
    store.clear(0);
    expect(store.isDone(0)).toBe(false);
    expect(await store.get(0)).toBeUndefined();
    expect(store.doneCount).toBe(1);
    expect((await collect(store.entries())).map(([i]) => i)).toEqual([2]);
    store.reset(3);
    expect([store.doneCount, store.heldCount, store.isDone(2)]).toEqual([0, 0, false]);
  });
});

describe('PredictionStore with a journal', () => {
  it('holds at most `recent` predictions after 10,000 sets; an old one is read from the journal', async () => {
    const { source, written, reads } = fakeSource();
    const store = new PredictionStore({ recent: 64 });
    store.reset(10_000);
    store.useSource(source);
    for (let i = 0; i < 10_000; i++) {
      const p = prediction(i);
      written.set(i, p); // what the run journals alongside
      store.set(i, p);
    }
    expect(store.heldCount).toBe(64);
    expect(store.doneCount).toBe(10_000);
    expect(store.held(17)).toBeUndefined();
    expect(await store.get(17)).toEqual(prediction(17));
    expect(reads.get).toBe(1);
    // A recent one needs no read.
    expect(await store.get(9_999)).toEqual(prediction(9_999));
    expect(reads.get).toBe(1);
  });

  it('the default bound is RECENT_PREDICTIONS, and attaching a journal trims memory to it', () => {
    const store = new PredictionStore();
    store.reset(1_000);
    for (let i = 0; i < 1_000; i++) store.set(i, prediction(i));
    expect(store.heldCount).toBe(1_000);
    store.useSource(fakeSource().source);
    expect(store.heldCount).toBe(RECENT_PREDICTIONS);
    // The newest stay.
    expect(store.held(999)).toEqual(prediction(999));
    expect(store.held(0)).toBeUndefined();
  });

  it('status without the prediction: markDone, clear; a failed task is not read from the journal', async () => {
    const { source, written, reads } = fakeSource(new Map([[4, prediction(4)]]));
    const store = new PredictionStore();
    store.reset(10);
    store.useSource(source);
    store.markDone(4);
    expect(store.isDone(4)).toBe(true);
    expect(store.heldCount).toBe(0);
    expect(await store.get(4)).toEqual(prediction(4));
    store.clear(4);
    expect(await store.get(4)).toBeUndefined();
    expect(await store.get(5)).toBeUndefined();
    expect(reads.get).toBe(1);
    expect(written.size).toBe(1);
  });

  it('iterates in index order from the journal, newer held ones winning, unwritten ones merged in', async () => {
    const written = new Map([0, 1, 3, 5].map((i) => [i, prediction(i, 'old')] as const));
    const { source, reads } = fakeSource(written);
    const store = new PredictionStore({ recent: 3 });
    store.reset(8);
    store.useSource(source);
    for (const i of [0, 1, 3, 5]) store.markDone(i);
    store.set(3, prediction(3, 'new')); // re-thresholded: held and newer than the journal
    store.set(2, prediction(2)); // its write is still queued: only in memory
    store.set(7, prediction(7));
    store.clear(5); // failed since: the journal's copy no longer counts
    const entries = await collect(store.entries());
    expect(entries.map(([i, p]) => `${i}:${p.model_version}`)).toEqual([
      '0:old',
      '1:old',
      '2:v1',
      '3:new',
      '7:v1',
    ]);
    expect(reads.entries).toBe(1);
  });
});

describe('PredictionStore over a real run journal', () => {
  const settings = TEST_RUN_SETTINGS;

  it('reads back evicted predictions, also those still queued in the writer', async () => {
    const total = 620;
    // Timers that never fire: only full batches reach the database by themselves.
    const journal = new EngineJournal(() => RunJournal.open('prediction-store-1'), {
      maxBatch: 50,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    const active = await journal.begin(settings, total, () => undefined);
    const store = new PredictionStore({ recent: 8 });
    store.reset(total);
    store.useSource(journal.predictionSource(active!.run.id));
    for (let i = 0; i < total; i++) {
      store.set(i, prediction(i));
      await journal.done(i, { task: { data: { image: `${i}.png` } }, prediction: prediction(i) });
    }
    // 0 and 605 are evicted (8 held: 612…619); 600… are still queued (no full batch yet).
    expect(store.heldCount).toBe(8);
    expect(await store.get(0)).toEqual(prediction(0));
    expect(await store.get(605)).toEqual(prediction(605));
    const entries = await collect(store.entries());
    expect(entries.map(([i]) => i)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(entries[123]![1]).toEqual(prediction(123));
    await journal.end('finished');
  });
});
