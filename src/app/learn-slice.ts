// The online-learning part of the app store: the versions the worker keeps
// (trained on the tasks' annotations), the last training's notes, and the
// watch loop's status. Training and watching run in the worker; this only
// asks and shows. Spread into the one store (store.ts).
import type { LearnEngineApi } from '../engine/learn/api';
import type {
  BackboneInfo,
  LearnState,
  LearnVersion,
  TrainNotes,
  WatchOptions,
  WatchStatus,
} from '../engine/learn/types';

export type LearnBusy =
  'train' | 'import' | 'export' | 'rollback' | 'use' | 'watch' | 'backbone' | null;

export interface LearnUi {
  state: LearnState | null;
  busy: LearnBusy;
  error: string | null;
  /** The last training started here: its version and what it read. */
  trained: { version: LearnVersion; notes: TrainNotes } | null;
  watch: WatchStatus | null;
  /** How the watch came back after an engine restart (or why it did not). */
  watchNote: string | null;
  watchOptions: Required<Pick<WatchOptions, 'intervalSeconds' | 'retrainEvery'>>;
  /** Image heads: the backbone the worker holds (null: none dropped yet). */
  backbone: BackboneInfo | null;
}

export interface LearnSlice {
  learn: LearnUi;
  learnRefresh(): Promise<void>;
  learnTrain(): Promise<void>;
  learnRollback(versionId: number): Promise<void>;
  learnExport(versionId: number): Promise<void>;
  learnImport(file: File): Promise<void>;
  /** The backbone image heads learn on (an ImageNet-style classifier ONNX). */
  learnSetBackbone(file: File): Promise<void>;
  /**
   * Loads a version's head as the page's model: Run then works as for any text
   * or image classifier (an image head on the backbone the worker holds).
   */
  learnUse(versionId: number): Promise<void>;
  learnSetWatch(options: Partial<LearnUi['watchOptions']>): void;
  learnWatchStart(): Promise<void>;
  learnWatchStop(): Promise<void>;
  learnPollNow(): Promise<void>;
  /** A new worker keeps the versions (IndexedDB) but not the watch: it is resumed once the engine is back. */
  learnEngineRestarted(): void;
  /** The new worker has the page's config, tasks and model again: resume the watch the restart stopped. */
  learnEngineReloaded(): Promise<void>;
}

export interface LearnHost {
  engine(): LearnEngineApi;
  download(blob: Blob, fileName: string): void;
  /** Loads a head file as the model (the store's loadModel with a package source). */
  loadHead(file: File): Promise<void>;
  /** The app's models/ folder (audio heads read the built-in openWakeWord features from it). */
  modelsBase?(): string;
  /**
   * After an engine restart: connects the new worker to the Label Studio
   * project again; null when it is back, else why not.
   */
  reconnect?(): Promise<string | null>;
}

type SetLearn = (fn: (s: LearnSlice) => Partial<LearnSlice>) => void;

export const LEARN_DEFAULTS: LearnUi = {
  state: null,
  busy: null,
  error: null,
  trained: null,
  watch: null,
  watchNote: null,
  watchOptions: { intervalSeconds: 30, retrainEvery: 1 },
  backbone: null,
};

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Engine restarts in a row (no poll finished between them) the watch is resumed after. */
export const WATCH_RESUMES = 3;
export const WATCH_RESUMED = 'Watch resumed after the engine restarted.';

/** A watch an engine restart stopped: started again with the same options from its last status. */
interface Resume {
  options: WatchOptions;
  from: WatchStatus;
}

export function createLearnSlice(
  set: SetLearn,
  get: () => LearnSlice,
  host: LearnHost,
): LearnSlice {
  const patch = (changes: Partial<LearnUi>) => set((s) => ({ learn: { ...s.learn, ...changes } }));
  /** Tells the worker where the built-in feature models are (a restarted one forgot). */
  const nameModelsBase = async () => {
    if (host.modelsBase) await host.engine().learnSetModelsBase(host.modelsBase());
  };
  /** One action at a time; its error is shown, the versions stay. */
  const busy = async (kind: Exclude<LearnBusy, null>, work: () => Promise<void>) => {
    if (get().learn.busy) return;
    patch({ busy: kind, error: null });
    try {
      await nameModelsBase();
      await work();
    } catch (error) {
      patch({ error: text(error) });
    } finally {
      patch({ busy: null });
    }
  };
  // The watch to resume once the new engine is back, the one being resumed,
  // and restarts in a row with no poll finished in between (a poll that kills
  // the worker every time must not loop for ever).
  let resume: Resume | null = null;
  let resuming: Resume | null = null;
  let restartsInRow = 0;
  let startedWith: WatchOptions = LEARN_DEFAULTS.watchOptions;
  const onStatus = (watch: WatchStatus) => {
    if (watch.phase === 'waiting') restartsInRow = 0;
    patch({ watch });
    // A new version came from the watch: show it in the list and the curve.
    const known = get().learn.state?.versions.at(-1)?.id;
    if (watch.lastTrained && watch.lastTrained.versionId !== known) void get().learnRefresh();
  };
  // A new version comes before its quality estimate: ask the worker for each
  // one as it is filled in, so the list and the curve catch up.
  // A restarted engine never answers the old worker's wait: a new follower takes over.
  let follower: object | null = null;
  const followQuality = async () => {
    if (follower) return;
    const me = (follower = {});
    try {
      while (follower === me && get().learn.state?.versions.some((v) => v.qualityPending)) {
        const state = await host.engine().learnQuality();
        if (follower === me) patch({ state });
      }
    } catch (error) {
      if (follower === me) patch({ error: text(error) });
    } finally {
      if (follower === me) follower = null;
    }
  };
  const headFile = async (versionId: number) => {
    const file = await host.engine().learnExportHead(versionId);
    // An audio head comes as a zipped sound-class folder (application/zip).
    return { ...file, file: new File([file.blob], file.fileName, { type: file.blob.type }) };
  };

  return {
    learn: LEARN_DEFAULTS,
    async learnRefresh() {
      try {
        const engine = host.engine();
        await nameModelsBase();
        patch({ state: await engine.learnState(), backbone: await engine.learnBackbone() });
        void followQuality();
      } catch (error) {
        patch({ error: text(error) });
      }
    },
    learnTrain: () =>
      busy('train', async () => {
        const result = await host.engine().learnTrain();
        patch({ state: result.state, trained: { version: result.version, notes: result.notes } });
        void followQuality();
      }),
    learnRollback: (versionId) =>
      busy('rollback', async () => {
        patch({ state: await host.engine().learnRollback(versionId) });
      }),
    learnExport: (versionId) =>
      busy('export', async () => {
        const { blob, fileName } = await headFile(versionId);
        host.download(blob, fileName);
      }),
    learnImport: (file) =>
      busy('import', async () => {
        patch({ state: await host.engine().learnImportHead(file) });
      }),
    learnSetBackbone: (file) =>
      busy('backbone', async () => {
        patch({ backbone: await host.engine().learnSetBackbone(file) });
      }),
    learnUse: (versionId) =>
      busy('use', async () => {
        await host.loadHead((await headFile(versionId)).file);
      }),
    learnSetWatch(options) {
      patch({ watchOptions: { ...get().learn.watchOptions, ...options } });
    },
    learnWatchStart: () =>
      busy('watch', async () => {
        resume = null;
        restartsInRow = 0;
        startedWith = { ...get().learn.watchOptions };
        patch({ watchNote: null });
        const watch = await host.engine().learnWatchStart(startedWith, onStatus);
        patch({ watch });
        await get().learnRefresh();
      }),
    async learnWatchStop() {
      resume = null;
      patch({ watchNote: null });
      try {
        patch({ watch: await host.engine().learnWatchStop() });
      } catch (error) {
        patch({ error: text(error) });
      }
    },
    async learnPollNow() {
      try {
        const watch = await host.engine().learnWatchPollNow();
        if (watch) patch({ watch });
      } catch (error) {
        patch({ error: text(error) });
      }
    },
    learnEngineRestarted() {
      follower = null;
      const { watch } = get().learn;
      const running = watch && watch.phase !== 'stopped';
      // Stopped by this restart, or by an earlier one while it was being resumed.
      const stopped: Resume | null = running
        ? { options: startedWith, from: watch }
        : (resume ?? resuming);
      resuming = null;
      resume = null;
      if (stopped) restartsInRow++;
      const giveUp = stopped !== null && restartsInRow > WATCH_RESUMES;
      if (stopped && !giveUp) resume = stopped;
      patch({
        busy: null,
        watch: running ? { ...watch, phase: 'stopped' } : watch,
        ...(giveUp
          ? {
              watchNote: null,
              error: `The engine restarted ${restartsInRow} times in a row while watching, before a poll could finish: the watch stopped. Start it again.`,
            }
          : {}),
        ...(resume
          ? { watchNote: 'The engine restarted: the watch resumes once it is back…' }
          : {}),
      });
      void get().learnRefresh();
    },
    async learnEngineReloaded() {
      if (!resume) return;
      // Its own object: an attempt a later restart superseded sees it is no longer ours.
      const next: Resume = { ...resume };
      resume = null;
      resuming = next;
      const stillOurs = () => resuming === next;
      try {
        const problem = (await host.reconnect?.()) ?? null;
        if (!stillOurs()) return;
        if (problem) {
          patch({
            watchNote: null,
            error: `The engine restarted and the watch could not resume (${problem}). Start it again.`,
          });
          return;
        }
        await nameModelsBase();
        const watch = await host
          .engine()
          .learnWatchStart({ ...next.options, resumeFrom: next.from }, onStatus);
        if (!stillOurs()) return;
        patch({ watch, watchNote: WATCH_RESUMED, error: null });
        await get().learnRefresh();
      } catch (error) {
        if (stillOurs()) {
          patch({
            watchNote: null,
            error: `The engine restarted and the watch could not resume (${text(error)}). Start it again.`,
          });
        }
      } finally {
        if (stillOurs()) resuming = null;
      }
    },
  };
}
