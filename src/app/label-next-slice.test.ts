// The "Label next" slice over a stand-in engine: it asks the worker with the
// chosen strategy and K, keeps the list, reports errors, exports the list.
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { labelNext, type LabelNextOptions } from '../core/active/label-next';
import { createLabelNextSlice, watchLabelNext, type LabelNextSlice } from './label-next-slice';

const CANDIDATES = [
  { index: 0, taskId: 7, name: 'a.jpg', score: 0.8 },
  { index: 1, taskId: 8, name: 'b.jpg', score: 0.1 },
  { index: 2, taskId: 9, name: 'c.jpg', score: 0.4 },
];

function storeWith(fail = false) {
  const asked: LabelNextOptions[] = [];
  const downloads: { name: string; text: Promise<string> }[] = [];
  const store = createStore<LabelNextSlice>()((set, get) =>
    createLabelNextSlice(set, get, {
      engine: () => ({
        async labelNext(options) {
          asked.push(options);
          if (fail) throw new Error('no predictions yet');
          return labelNext(CANDIDATES, options);
        },
      }),
      download: (blob, name) => downloads.push({ name, text: blob.text() }),
    }),
  );
  return { store, asked, downloads };
}

describe('label next slice', () => {
  it('ranks with the chosen strategy and K, and exports the list', async () => {
    const { store, asked, downloads } = storeWith();
    store.getState().setLabelNext({ k: 2 });
    await store.getState().rankNext();
    expect(asked).toEqual([{ strategy: 'score', k: 2, seed: 0, clusters: 0 }]);
    const { list, busy, error } = store.getState().labelNext;
    expect(busy).toBe(false);
    expect(error).toBeNull();
    expect(list!.tasks.map((t) => t.taskId)).toEqual([8, 9]);
    store.getState().exportLabelNext();
    expect(downloads[0]!.name).toBe('label-next-score.json');
    const json = JSON.parse(await downloads[0]!.text);
    expect(json.tasks.map((t: { task: number }) => t.task)).toEqual([8, 9]);
  });

  it('asks for the chosen measure and clusters', async () => {
    const { store, asked } = storeWith();
    store.getState().setLabelNext({ strategy: 'margin', clusters: 4, k: 3 });
    await store.getState().rankNext();
    expect(asked).toEqual([{ strategy: 'margin', k: 3, seed: 0, clusters: 4 }]);
  });

  it('asks for the committee size with the committee strategy only, kept within 2–20', async () => {
    const { store, asked } = storeWith();
    expect(store.getState().labelNext.committee).toBe(5);
    store.getState().setLabelNext({ committee: 8 });
    await store.getState().rankNext();
    expect(asked.at(-1)).toEqual({ strategy: 'score', k: 10, seed: 0, clusters: 0 });
    store.getState().setLabelNext({ strategy: 'committee' });
    await store.getState().rankNext();
    expect(asked.at(-1)).toEqual({
      strategy: 'committee',
      k: 10,
      seed: 0,
      clusters: 0,
      committee: 8,
    });
    store.getState().setLabelNext({ committee: 50 });
    expect(store.getState().labelNext.committee).toBe(20);
    store.getState().setLabelNext({ committee: 1 });
    expect(store.getState().labelNext.committee).toBe(2);
  });

  it('keeps the worker’s message when ranking fails', async () => {
    const { store } = storeWith(true);
    await store.getState().rankNext();
    expect(store.getState().labelNext).toMatchObject({
      busy: false,
      list: null,
      error: 'no predictions yet',
    });
  });
});

describe('watchLabelNext', () => {
  type Watched = LabelNextSlice & {
    runStatus: string;
    rethresholdStatus: { state: string } | null;
    tasks: unknown;
  };
  function watched() {
    const asked: LabelNextOptions[] = [];
    const store = createStore<Watched>()((set, get) => ({
      runStatus: 'done',
      rethresholdStatus: null,
      tasks: { total: 3 },
      ...createLabelNextSlice(set, get, {
        engine: () => ({
          async labelNext(options) {
            asked.push(options);
            return labelNext(CANDIDATES, options);
          },
        }),
        download: () => undefined,
      }),
    }));
    watchLabelNext(store);
    return { store, asked };
  }
  const settled = () => new Promise((r) => setTimeout(r, 0));

  it('ranks again when a run ends or new settings were re-applied, not before a first rank', async () => {
    const { store, asked } = watched();
    store.setState({ runStatus: 'running' });
    store.setState({ runStatus: 'done' });
    await settled();
    expect(asked).toHaveLength(0);
    await store.getState().rankNext();
    store.setState({ runStatus: 'running' });
    store.setState({ runStatus: 'done' });
    await settled();
    expect(asked).toHaveLength(2);
    store.setState({ rethresholdStatus: { state: 'working' } });
    store.setState({ rethresholdStatus: { state: 'done' } });
    await settled();
    expect(asked).toHaveLength(3);
  });

  it('drops the list when the tasks change', async () => {
    const { store } = watched();
    await store.getState().rankNext();
    expect(store.getState().labelNext.list).not.toBeNull();
    store.setState({ tasks: { total: 5 } });
    expect(store.getState().labelNext.list).toBeNull();
  });
});
