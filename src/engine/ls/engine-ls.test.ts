// The engine's ls* methods over a stand-in engine (host): loading hands the
// server's tasks and config to the engine, images go through the server only
// while those tasks are the engine's, and a push sends the engine's predictions.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import { CONFIG_XML, FAST_RETRY, boxPrediction } from '../../core/ls-client/test-fixtures';
import type { ConfigState, TaskSummary } from '../api';
import { PredictionStore } from '../prediction-store';
import { EngineLs, type LsEngineHost } from './engine-ls';
import { openLsDb } from './ls-db';

const open: LsTestServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
let n = 0;

class FakeEngine implements LsEngineHost {
  tasksList: LsTask[] = [];
  preds: (LsPrediction | undefined)[] = [];
  /** When set, predictions come from it (as the engine's do) instead of `preds`. */
  store: PredictionStore | null = null;
  configs: string[] = [];
  running = false;
  released: unknown[] = [];
  assertIdle() {
    if (this.running) throw new Error('a run is in progress: cancel it first');
  }
  async setConfig(xml: string): Promise<ConfigState> {
    this.configs.push(xml);
    return { ok: false, error: { message: 'not parsed in this fake' } };
  }
  adoptTasks(tasks: LsTask[]): TaskSummary {
    this.tasksList = tasks;
    this.preds = [];
    return { total: tasks.length, issues: [], fromMedia: false, dataKey: 'image' };
  }
  tasks() {
    return this.tasksList;
  }
  predictions() {
    const store = this.store;
    if (store) {
      return {
        entries: () => store.entries(),
        get: (i: number) => store.get(i),
        count: store.doneCount,
      };
    }
    const preds = this.preds;
    return {
      async *entries() {
        for (const [index, prediction] of preds.entries()) {
          if (prediction) yield [index, prediction] as const;
        }
      },
      get: async (index: number) => preds[index],
      count: preds.filter(Boolean).length,
    };
  }
  release(callback: unknown) {
    this.released.push(callback);
  }
}

async function setup(count = 3) {
  const server = await startLsTestServer({
    projects: [
      {
        id: 1,
        label_config: CONFIG_XML,
        generate: { count, data: (i) => ({ image: `/data/upload/1/${i}.png` }) },
      },
    ],
    uploads: { '1/0.png': Uint8Array.from([1, 2, 3]) },
  });
  open.push(server);
  const host = new FakeEngine();
  const name = `engine-ls-${++n}`;
  const ls = new EngineLs(host, {
    client: { retry: FAST_RETRY, timeoutMs: 10_000 },
    openDb: () => openLsDb(name),
  });
  const connected = await ls.lsConnect({
    url: server.url,
    token: server.state.legacyToken,
    remember: false,
  });
  expect(connected.ok).toBe(true);
  return { server, host, ls };
}

describe('EngineLs', () => {
  it('loads config and tasks into the engine; images go through the server only for those tasks', async () => {
    const { host, ls } = await setup();
    const progress = () => undefined;
    const outcome = await ls.lsLoadProject(1, {}, progress);
    expect(outcome).toMatchObject({ ok: true, tasks: { total: 3 }, project: { taskCount: 3 } });
    expect(host.configs).toEqual([CONFIG_XML]);
    expect(host.released).toEqual([progress]);
    expect(ls.mediaFetcher(host.tasks())).toBeDefined();
    const image = await ls.taskImage(host.tasks(), '/data/upload/1/0.png');
    expect(image?.kind).toBe('file');
    if (image?.kind === 'file') {
      expect(image.file.name).toBe('0.png');
      expect(image.file.size).toBe(3);
    }
    // Dropped files replaced the tasks: the server is no longer their source.
    host.tasksList = [{ data: { image: 'local.png' } }];
    expect(ls.mediaFetcher(host.tasks())).toBeUndefined();
    expect(await ls.taskImage(host.tasks(), 'local.png')).toBeUndefined();
  });

  it('config only: the engine keeps its tasks', async () => {
    const { host, ls } = await setup();
    host.tasksList = [{ data: { image: 'mine.png' } }];
    const outcome = await ls.lsLoadProject(1, { configOnly: true });
    expect(outcome).toMatchObject({ ok: true, tasks: null });
    expect(host.tasksList).toEqual([{ data: { image: 'mine.png' } }]);
    expect(ls.mediaFetcher(host.tasks())).toBeUndefined();
  });

  it('pushes the predictions the engine holds, and refuses while a run is going', async () => {
    const { server, host, ls } = await setup(3);
    await ls.lsLoadProject(1, {});
    host.preds = [boxPrediction('m@1'), undefined, boxPrediction('m@1')];
    host.running = true;
    await expect(ls.lsPush({ dryRun: false })).rejects.toThrow(/run is in progress/);
    await expect(ls.lsLoadProject(1, {})).rejects.toThrow(/run is in progress/);
    host.running = false;
    const result = await ls.lsPush({ dryRun: false });
    expect(result.summary).toMatchObject({ total: 2, sent: 2 });
    const ids = host.tasksList.map((t) => t.id!);
    expect(ids.map((id) => server.state.predictionsFor(id).length)).toEqual([1, 0, 1]);
    const report = await ls.lsReport();
    expect(report.fileName).toMatch(/^label-studio-push\.project-1\..*\.json$/);
  });

  it('pushes a journalled run whose predictions are mostly not in memory', async () => {
    const { server, host, ls } = await setup(4);
    await ls.lsLoadProject(1, {});
    // The engine holds one recent prediction; the journal has the rest.
    const journal = new Map([0, 1, 3].map((i) => [i, boxPrediction('m@1')] as const));
    const store = new PredictionStore({ recent: 1 });
    store.reset(4);
    store.useSource({
      get: async (i) => journal.get(i),
      entries: async function* () {
        for (const i of [0, 1, 3]) yield [i, journal.get(i)!] as const;
      },
    });
    for (const i of [0, 1, 3]) store.markDone(i);
    store.set(3, boxPrediction('m@2'));
    expect(store.heldCount).toBe(1);
    host.store = store;
    const result = await ls.lsPush({ dryRun: false });
    expect(result.summary).toMatchObject({ total: 3, sent: 3 });
    const ids = host.tasksList.map((t) => t.id!);
    const versions = ids.map((id) => server.state.predictionsFor(id).map((p) => p.model_version));
    expect(versions).toEqual([['m@1'], ['m@1'], [], ['m@2']]);
  });

  it('"retry failed" reads the failed tasks\' predictions again from the journal', async () => {
    const { server, host, ls } = await setup(4);
    await ls.lsLoadProject(1, {});
    const journal = new Map([0, 1, 2, 3].map((i) => [i, boxPrediction(`m@${i}`)] as const));
    const reads: number[] = [];
    const store = new PredictionStore({ recent: 1 });
    store.reset(4);
    store.useSource({
      get: async (i) => {
        reads.push(i);
        return journal.get(i);
      },
      entries: async function* () {
        for (const i of [0, 1, 2, 3]) yield [i, journal.get(i)!] as const;
      },
    });
    for (const i of [0, 1, 2, 3]) store.markDone(i);
    host.store = store;
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'status', status: 401 },
    });
    const first = await ls.lsPush({ dryRun: false });
    expect(first.summary).toMatchObject({ total: 4, failed: 4 });
    expect(reads).toEqual([]);
    const retried = await ls.lsRetryFailed({ dryRun: false });
    expect(retried.summary).toMatchObject({ total: 4, sent: 4, failed: 0 });
    expect(reads).toEqual([0, 1, 2, 3]);
    const ids = host.tasksList.map((t) => t.id!);
    const versions = ids.map((id) => server.state.predictionsFor(id).map((p) => p.model_version));
    expect(versions).toEqual([['m@0'], ['m@1'], ['m@2'], ['m@3']]);
  });

  it('lsReport before any push rejects with a message', async () => {
    const { ls } = await setup();
    await expect(ls.lsReport()).rejects.toThrow(/nothing has been pushed/);
  });
});
