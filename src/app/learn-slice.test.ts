// The learn slice against a fake engine: what each action asks the worker and
// what the panel then shows (errors included), the watch's statuses, and a
// restarted engine.
import { describe, expect, it, vi } from 'vitest';
import type { LearnEngineApi } from '../engine/learn/api';
import type { BackboneInfo, LearnState, LearnVersion, WatchStatus } from '../engine/learn/types';
import { createLearnSlice, WATCH_RESUMED, WATCH_RESUMES, type LearnSlice } from './learn-slice';

const version = (id: number, annotationCount: number): LearnVersion => ({
  id,
  modelVersion: `text-tfidf-logreg@${annotationCount}-annotations`,
  annotationCount,
  quality: { method: 'k-fold', folds: 5, examples: annotationCount, accuracy: 0.8, macroF1: 0.7 },
  labels: ['A', 'B'],
  control: 'c',
  createdAt: '2026-12-07T00:00:00Z',
  origin: 'trained',
  fileName: `text-tfidf-logreg@${annotationCount}-annotations.json`,
});

const stateOf = (...versions: LearnVersion[]): LearnState => ({
  scope: 'local',
  versions,
  currentId: versions.at(-1)?.id ?? null,
  inMemory: false,
});

function harness(
  pending = false,
  loadHead?: (file: File) => Promise<void>,
  reconnect?: () => Promise<string | null>,
) {
  let versions: LearnVersion[] = [];
  /** The worker's quality estimates, filled in one at a time when the test says. */
  const fills: (() => void)[] = [];
  let onStatus: ((s: WatchStatus) => void) | undefined;
  let backbone: BackboneInfo | null = null;
  const engine = {
    learnState: vi.fn(async () => stateOf(...versions)),
    learnTrain: vi.fn(async () => {
      const next = version(versions.length + 1, 10 * (versions.length + 1));
      versions = [
        ...versions,
        pending
          ? {
              ...next,
              qualityPending: true,
              quality: { ...next.quality, method: 'none', accuracy: null, macroF1: null },
            }
          : next,
      ];
      const last = versions.at(-1)!;
      return {
        state: stateOf(...versions),
        version: last,
        notes: { examples: last.annotationCount } as never,
      };
    }),
    learnQuality: vi.fn(
      () =>
        new Promise<LearnState>((resolve) =>
          fills.push(() => {
            const at = versions.findIndex((v) => v.qualityPending);
            if (at >= 0) versions[at] = version(at + 1, versions[at]!.annotationCount);
            resolve(stateOf(...versions));
          }),
        ),
    ),
    learnRollback: vi.fn(async (id: number) => ({ ...stateOf(...versions), currentId: id })),
    // Version 3 is an audio head: its zipped sound-class folder.
    learnExportHead: vi.fn(async (id?: number) =>
      id === 3
        ? { blob: new Blob(['PK'], { type: 'application/zip' }), fileName: 'v3.zip' }
        : { blob: new Blob([`{"head":${id}}\n`]), fileName: `v${id}.json` },
    ),
    learnImportHead: vi.fn(async () => {
      throw new Error('x.json: not a Prelabel head file ("format" must be "prelabel-head")');
    }),
    learnWatchStart: vi.fn(async (_o: unknown, cb: (s: WatchStatus) => void) => {
      onStatus = cb;
      return {
        phase: 'idle',
        polls: 0,
        pending: 0,
        retrainEvery: 1,
        intervalSeconds: 30,
      } as WatchStatus;
    }),
    learnWatchStop: vi.fn(async () => null),
    learnWatchPollNow: vi.fn(async () => null),
    learnSetBackbone: vi.fn(async (file: File) => {
      if (!file.name.endsWith('.onnx')) throw new Error(`${file.name}: not an ONNX model`);
      backbone = {
        name: file.name,
        sha256: 'ab'.repeat(32),
        output: 'pool',
        producer: 'GlobalAveragePool',
        dequantized: false,
        sizeBytes: file.size,
      };
      return backbone;
    }),
    learnBackbone: vi.fn(async () => backbone),
    learnPredict: vi.fn(async () => ({ modelVersion: 'v', results: [] })),
    learnSetModelsBase: vi.fn(async () => undefined),
  } satisfies LearnEngineApi;
  let store: LearnSlice;
  const loaded: File[] = [];
  const downloads: string[] = [];
  const set = (fn: (s: LearnSlice) => Partial<LearnSlice>) => {
    store = { ...store, ...fn(store) };
  };
  store = createLearnSlice(set, () => store, {
    engine: () => engine,
    download: (_blob, name) => downloads.push(name),
    loadHead: async (file) => {
      loaded.push(file);
      await loadHead?.(file);
    },
    modelsBase: () => 'http://app.test/models/',
    ...(reconnect ? { reconnect } : {}),
  });
  return {
    engine,
    get: () => store,
    loaded,
    downloads,
    fills,
    status: (s: WatchStatus) => onStatus?.(s),
  };
}

describe('learn slice', () => {
  it('picks the backbone image heads learn on, shows a refused one, and reads it back after a refresh', async () => {
    const h = harness();
    await h.get().learnSetBackbone(new File(['x'], 'notes.txt'));
    expect(h.get().learn.error).toBe('notes.txt: not an ONNX model');
    expect(h.get().learn.backbone).toBeNull();
    await h.get().learnSetBackbone(new File(['onnx'], 'mobilenet.onnx'));
    expect(h.get().learn.error).toBeNull();
    expect(h.get().learn.backbone).toMatchObject({ name: 'mobilenet.onnx', sizeBytes: 4 });
    h.get().learnEngineRestarted();
    await vi.waitFor(() => expect(h.engine.learnBackbone).toHaveBeenCalled());
    expect(h.get().learn.backbone?.name).toBe('mobilenet.onnx');
  });

  it('trains, lists, rolls back, exports and runs with a version', async () => {
    const h = harness();
    await h.get().learnTrain();
    await h.get().learnTrain();
    expect(h.get().learn.state?.versions.map((v) => v.annotationCount)).toEqual([10, 20]);
    expect(h.get().learn.trained?.version.id).toBe(2);
    await h.get().learnRollback(1);
    expect(h.get().learn.state?.currentId).toBe(1);
    await h.get().learnExport(1);
    expect(h.downloads).toEqual(['v1.json']);
    await h.get().learnUse(2);
    expect(h.loaded.map((f) => f.name)).toEqual(['v2.json']);
    expect(await h.loaded[0]!.text()).toBe('{"head":2}\n');
    expect(h.get().learn.busy).toBeNull();
    // An audio head runs as its zipped folder; the worker was told where the feature models are.
    await h.get().learnUse(3);
    expect(h.loaded[1]).toMatchObject({ name: 'v3.zip', type: 'application/zip' });
    expect(h.engine.learnSetModelsBase).toHaveBeenCalledWith('http://app.test/models/');
  });

  it('"Use for a run" of an image head the engine refuses: the panel shows why, naming the backbone to drop', async () => {
    // The store's loadHead throws the engine's message (model-loader.ts) when the load failed.
    const h = harness(false, async (file) => {
      throw new Error(
        `${file.name} is an image head on the features of mobilenet.onnx: drop mobilenet.onnx as the backbone in Online learning, then load the head again`,
      );
    });
    await h.get().learnTrain();
    await h.get().learnUse(1);
    expect(h.loaded.map((f) => f.name)).toEqual(['v1.json']);
    expect(h.get().learn.error).toBe(
      'v1.json is an image head on the features of mobilenet.onnx: drop mobilenet.onnx as the backbone in Online learning, then load the head again',
    );
    expect(h.get().learn.busy).toBeNull();
    // The versions stay.
    expect(h.get().learn.state?.versions).toHaveLength(1);
  });

  it('shows a new version at once and its quality when the worker fills it in', async () => {
    const h = harness(true);
    await h.get().learnTrain();
    expect(h.get().learn.busy).toBeNull(); // usable ("Use for a run") before the estimate
    expect(h.get().learn.state?.versions[0]).toMatchObject({ qualityPending: true });
    await vi.waitFor(() => expect(h.fills).toHaveLength(1));
    h.fills.shift()!();
    await vi.waitFor(() => expect(h.get().learn.state?.versions[0]?.quality.accuracy).toBe(0.8));
    expect(h.get().learn.state?.versions[0]?.qualityPending).toBeUndefined();
    expect(h.engine.learnQuality).toHaveBeenCalledTimes(1); // nothing pending: it stops asking
  });

  it('a restarted engine: the new worker is asked for the pending estimate again', async () => {
    const h = harness(true);
    await h.get().learnTrain();
    await vi.waitFor(() => expect(h.fills).toHaveLength(1));
    h.get().learnEngineRestarted(); // the old worker's wait never answers
    await vi.waitFor(() => expect(h.fills).toHaveLength(2));
    h.fills[1]!();
    await vi.waitFor(() => expect(h.get().learn.state?.versions[0]?.quality.accuracy).toBe(0.8));
  });

  it('shows why an import failed and keeps the versions', async () => {
    const h = harness();
    await h.get().learnTrain();
    await h.get().learnImport(new File(['{}'], 'x.json'));
    expect(h.get().learn.error).toMatch(/x\.json: not a Prelabel head file/);
    expect(h.get().learn.state?.versions).toHaveLength(1);
  });

  it('follows the watch: a new version from it refreshes the list; a restart stops it until the engine is back', async () => {
    const h = harness();
    h.get().learnSetWatch({ intervalSeconds: 60, retrainEvery: 3 });
    await h.get().learnWatchStart();
    expect(h.engine.learnWatchStart).toHaveBeenCalledWith(
      { intervalSeconds: 60, retrainEvery: 3 },
      expect.any(Function),
    );
    await h.engine.learnTrain(); // the watch trained version 1 in the worker
    h.status({
      phase: 'waiting',
      polls: 1,
      pending: 0,
      retrainEvery: 3,
      intervalSeconds: 60,
      lastTrained: { versionId: 1, modelVersion: 'v', notes: {} as never },
    });
    await vi.waitFor(() => expect(h.get().learn.state?.versions).toHaveLength(1));
    expect(h.get().learn.watch?.phase).toBe('waiting');
    h.get().learnEngineRestarted();
    expect(h.get().learn.watch?.phase).toBe('stopped');
    expect(h.get().learn.watchNote).toMatch(/engine restarted: the watch resumes once it is back/);
  });

  describe('a watch the engine restart stopped', () => {
    const waiting = (polls: number): WatchStatus => ({
      phase: 'waiting',
      polls,
      pending: 1,
      retrainEvery: 3,
      intervalSeconds: 60,
      seen: 'abc',
      pushPendingId: 2,
    });

    it('is started again with the same options from its last status, and says so', async () => {
      const reconnects: string[] = [];
      const h = harness(false, undefined, async () => {
        reconnects.push('again');
        return null;
      });
      h.get().learnSetWatch({ intervalSeconds: 60, retrainEvery: 3 });
      await h.get().learnWatchStart();
      h.status(waiting(4));
      // The options field changed meanwhile (it is disabled while watching): the watch's own go on.
      h.get().learnSetWatch({ intervalSeconds: 5 });
      h.get().learnEngineRestarted();
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(1);
      await h.get().learnEngineReloaded();
      expect(reconnects).toEqual(['again']);
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(2);
      expect(h.engine.learnWatchStart).toHaveBeenLastCalledWith(
        { intervalSeconds: 60, retrainEvery: 3, resumeFrom: waiting(4) },
        expect.any(Function),
      );
      expect(h.get().learn.watchNote).toBe(WATCH_RESUMED);
      expect(h.get().learn.watch?.phase).toBe('idle');
      expect(h.get().learn.error).toBeNull();
      // A reload with nothing stopped starts nothing.
      await h.get().learnEngineReloaded();
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(2);
    });

    it('not when it was stopped by hand, nor without a watch', async () => {
      const h = harness();
      h.get().learnEngineRestarted();
      await h.get().learnEngineReloaded();
      await h.get().learnWatchStart();
      h.status(waiting(1));
      await h.get().learnWatchStop();
      h.get().learnEngineRestarted();
      await h.get().learnEngineReloaded();
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(1);
      expect(h.get().learn.watchNote).toBeNull();
    });

    it('stops for good after a few restarts in a row with no poll finished, and says why', async () => {
      const h = harness();
      await h.get().learnWatchStart();
      h.status(waiting(1));
      for (let i = 0; i < WATCH_RESUMES; i++) {
        h.get().learnEngineRestarted();
        await h.get().learnEngineReloaded();
        expect(h.get().learn.watchNote).toBe(WATCH_RESUMED);
        h.status({ ...waiting(2), phase: 'training' }); // the poll kills the worker again
      }
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(1 + WATCH_RESUMES);
      h.get().learnEngineRestarted();
      await h.get().learnEngineReloaded();
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(1 + WATCH_RESUMES);
      expect(h.get().learn.watch?.phase).toBe('stopped');
      expect(h.get().learn.watchNote).toBeNull();
      expect(h.get().learn.error).toMatch(
        new RegExp(`restarted ${WATCH_RESUMES + 1} times in a row while watching.*Start it again`),
      );
    });

    it('a finished poll between restarts starts the count again', async () => {
      const h = harness();
      await h.get().learnWatchStart();
      for (let i = 0; i < WATCH_RESUMES + 2; i++) {
        h.status(waiting(i + 1));
        h.get().learnEngineRestarted();
        await h.get().learnEngineReloaded();
      }
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(WATCH_RESUMES + 3);
      expect(h.get().learn.watchNote).toBe(WATCH_RESUMED);
    });

    it('says why when the project cannot be reached again', async () => {
      const h = harness(false, undefined, async () => 'connecting again: the token was rejected');
      await h.get().learnWatchStart();
      h.status(waiting(1));
      h.get().learnEngineRestarted();
      await h.get().learnEngineReloaded();
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(1);
      expect(h.get().learn.watchNote).toBeNull();
      expect(h.get().learn.error).toBe(
        'The engine restarted and the watch could not resume (connecting again: the token was rejected). Start it again.',
      );
    });

    it('a second restart while it reconnects: resumed once, after the second', async () => {
      let release = (_: string | null) => undefined as void;
      const h = harness(
        false,
        undefined,
        () => new Promise<string | null>((resolve) => (release = resolve)),
      );
      await h.get().learnWatchStart();
      h.status(waiting(1));
      h.get().learnEngineRestarted();
      const first = h.get().learnEngineReloaded();
      const firstRelease = release;
      h.get().learnEngineRestarted();
      const second = h.get().learnEngineReloaded();
      firstRelease(null);
      release(null);
      await Promise.all([first, second]);
      expect(h.engine.learnWatchStart).toHaveBeenCalledTimes(2);
      expect(h.get().learn.watchNote).toBe(WATCH_RESUMED);
    });
  });
});
