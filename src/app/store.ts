// The app's single store. It keeps what the UI shows and forwards work to the
// engine worker; it holds no model logic.

import { create } from 'zustand';
import type { LabelingConfig } from '../core/config/types';
import type { ScoreAggregation } from '../core/export/score';
import type { DecodeOptions } from '../models/types';
import type {
  BackendInfo,
  BackendPreference,
  ConfigErrorInfo,
  EnvironmentInfo,
  ExportFormat,
  LoadProgress,
  ModelInfo,
  ModelSource,
  RunProgress,
  RunRequest,
  RunSummary,
  SourceFile,
  TaskFailure,
  TaskSummary,
  TaskView,
} from '../engine/api';
import { runModelVersion } from '../engine/run-version';
import { fetchBuiltinModels, modelsBaseUrl, type BuiltinModel } from './builtins';
import { engine } from './engine';
import { classifyDrop, type DroppedFile } from './files/classify';
import { KNOWN_MODELS } from './known-models';
import { SAMPLE_MODEL, fetchSamples } from './samples';
import {
  EMPTY_MAPPING,
  createMappingSlice,
  type MappingActions,
  type MappingState,
} from './mapping-slice';
import { createLsSlice, lsBlockers, type LsSlice } from './ls-slice';
import { createRunsSlice, runRequestOf, watchRuns, type RunsSlice } from './run/runs-slice';
import { allowHosts } from './run/allow-hosts';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled';

export interface ExportNote {
  format: ExportFormat;
  fileName: string;
  written: number;
  skipped: number;
  reasons: string[];
}

export interface AppState extends MappingState {
  env: EnvironmentInfo | null;
  /** Engine restarts and other page-wide notices. */
  notices: string[];
  dropNotes: string[];

  configXml: string;
  config: LabelingConfig | null;
  configError: ConfigErrorInfo | null;

  taskFiles: SourceFile[];
  mediaFiles: SourceFile[];
  tasks: TaskSummary | null;
  tasksBusy: boolean;
  tasksError: string | null;

  /** Built-in model packages served with the app; null until read. */
  builtins: BuiltinModel[] | null;
  modelSource: ModelSource | null;
  /** The family a one-click download declares (its file names none). */
  sourceFamilyId: string;
  labelsFile: File | null;
  familyId: string;
  backend: BackendPreference;
  modelUrl: string;
  model: ModelInfo | null;
  modelLoading: LoadProgress | null;
  modelError: string | null;

  options: DecodeOptions;
  scoreMethod: ScoreAggregation;
  /** model_version typed by the user; empty = the computed one. */
  versionOverride: string;
  computedVersion: string | null;

  runStatus: RunStatus;
  /** Asked to pause / cancel; takes effect when the current task ends. */
  stopping: 'pause' | 'cancel' | null;
  progress: RunProgress | null;
  failures: TaskFailure[];
  runError: string | null;

  previewIndex: number;
  preview: TaskView | null;
  previewError: string | null;
  minScore: number;

  exporting: ExportFormat | null;
  /** Put before bare media file names in exports (e.g. `/data/local-files/?d=photos/`). */
  mediaPrefix: string;
  exportNote: ExportNote | null;
  exportError: string | null;

  trying: boolean;
  tryError: string | null;
}

export interface AppActions extends MappingActions {
  init(): Promise<void>;
  addFiles(entries: DroppedFile[]): Promise<void>;
  editConfig(xml: string): void;
  clearTasks(): Promise<void>;
  setModelUrl(url: string): void;
  loadModelFromUrl(): Promise<void>;
  loadKnownModel(id: string): Promise<void>;
  loadBuiltin(id: string): Promise<void>;
  setFamily(id: string): Promise<void>;
  setLabelsFile(file: File | null): Promise<void>;
  setBackend(backend: BackendPreference): Promise<void>;
  reloadModel(): Promise<void>;
  setOptions(options: Partial<DecodeOptions>): void;
  setScoreMethod(method: ScoreAggregation): void;
  setVersionOverride(version: string): void;
  run(): Promise<void>;
  retryFailed(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  showTask(index: number): Promise<void>;
  setMinScore(score: number): void;
  setMediaPrefix(prefix: string): void;
  exportAs(format: ExportFormat): Promise<void>;
  /** Sample images + the OCR config + the built-in OCR model, then a run. */
  tryIt(): Promise<void>;
}

const DEFAULT_OPTIONS: DecodeOptions = { confidence: 0.25, iou: 0.7, maxDetections: 300 };

function sameBackend(a: BackendInfo, b: BackendInfo): boolean {
  return a.backend === b.backend && a.threads === b.threads && a.notice === b.notice;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mergeFiles(old: SourceFile[], added: DroppedFile[]): SourceFile[] {
  const seen = new Set(old.map((f) => `${f.path}|${f.file.size}`));
  const merged = [...old];
  for (const entry of added) {
    const key = `${entry.path}|${entry.file.size}`;
    if (!seen.has(key)) merged.push({ file: entry.file, path: entry.path });
    seen.add(key);
  }
  return merged;
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob by the time a minute has passed.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Bitmaps of the replaced preview are freed at once, not when collected. */
function closeMasks(view: TaskView | null): void {
  for (const mask of view?.masks ?? []) mask.bitmap.close();
}

let configTimer: number | undefined;
/** Data key the tasks were imported with: re-import only when it changes. */
let importedKey: string | undefined | null = null;
let restartHooked = false;

export const useApp = create<AppState & AppActions & LsSlice & RunsSlice>()((set, get) => {
  const mapping = createMappingSlice(set, get);
  const { refreshTargets } = mapping;

  const currentDataKey = () => {
    const { config } = get();
    return config?.objects.find((o) => o.tag === 'Image' && o.dataKey)?.dataKey;
  };

  const importTasks = async () => {
    const { taskFiles, mediaFiles } = get();
    importedKey = currentDataKey();
    if (taskFiles.length === 0 && mediaFiles.length === 0) {
      set({ tasks: null, tasksError: null });
      return;
    }
    set({ tasksBusy: true, tasksError: null });
    try {
      const tasks = await engine().setTaskSources({ taskFiles, mediaFiles });
      set({ tasks, runStatus: 'idle', progress: null, failures: [], exportNote: null });
      // Task media on hosts the page's policy does not allow yet: restart (reloads all).
      if (await allowHosts(tasks.origins ?? [])) engine().restart('task image hosts were allowed');
      await get().showTask(0);
    } catch (error) {
      set({ tasksError: message(error) });
    } finally {
      set({ tasksBusy: false });
    }
  };

  /** Returns true when it (re)imported the tasks. */
  const applyConfig = async (xml: string): Promise<boolean> => {
    const state = await engine().setConfig(xml);
    if (get().configXml !== xml) return false; // superseded by a newer edit
    if (state.ok) set({ config: state.config, configError: null });
    else set({ config: null, configError: state.error });
    refreshTargets(true);
    const { taskFiles, mediaFiles } = get();
    const keyChanged = importedKey !== currentDataKey();
    if ((taskFiles.length > 0 || mediaFiles.length > 0) && (keyChanged || get().tasks === null)) {
      await importTasks();
      return true;
    }
    return false;
  };

  const loadModel = async () => {
    const { modelSource, labelsFile, familyId, sourceFamilyId, backend } = get();
    if (!modelSource) return;
    // A model host the page's policy does not allow yet: the restart loads the model.
    if (modelSource.kind === 'url' && (await allowHosts([modelSource.url]))) {
      engine().restart('the model host was allowed');
      return;
    }
    set({ modelLoading: { phase: 'session' }, modelError: null });
    try {
      const family = familyId || sourceFamilyId;
      const request = {
        source: modelSource,
        backend,
        ...(labelsFile ? { labelsFile } : {}),
        ...(family ? { familyId: family } : {}),
      };
      const model = await engine().loadModel(request, (p) => set({ modelLoading: p }));
      set({ model, options: { ...DEFAULT_OPTIONS, ...model.defaults }, versionOverride: '' });
      refreshTargets(true);
    } catch (error) {
      set({ model: null, modelError: message(error) });
      refreshTargets(false);
    } finally {
      set({ modelLoading: null });
    }
  };

  const loadBuiltins = async (): Promise<BuiltinModel[]> => {
    try {
      const builtins = await fetchBuiltinModels();
      set({ builtins });
      return builtins;
    } catch {
      set({ builtins: [] });
      return [];
    }
  };

  const onProgress = (progress: RunProgress) => {
    const { preview, previewIndex, stopping, runStatus, model } = get();
    // The engine may move a run to WASM (GPU device lost): badge and notice follow.
    if (model && progress.backend && !sameBackend(model.backend, progress.backend)) {
      set({ model: { ...model, backend: progress.backend } });
    }
    set({
      progress,
      runStatus:
        progress.state === 'paused'
          ? 'paused'
          : progress.state === 'running'
            ? 'running'
            : runStatus,
      stopping: stopping === 'pause' && progress.state === 'paused' ? null : stopping,
    });
    if (preview?.status === 'pending' && progress.done > previewIndex)
      void get().showTask(previewIndex);
  };

  // The Label Studio server panel: its project's config and tasks replace the page's.
  const lsSlice = createLsSlice(set, get, {
    engine: () => engine(),
    async allowServer(url) {
      // On a static host the service worker's connect-src must list the server first.
      if (await allowHosts([url])) engine().restart('the Label Studio server was allowed');
    },
    loadBlocker: () => lsBlockers(get().runStatus).load,
    pushBlocker: () => lsBlockers(get().runStatus).push,
    async projectLoaded(project, tasks) {
      window.clearTimeout(configTimer);
      if (tasks) set({ taskFiles: [], mediaFiles: [], tasks: null });
      set({ configXml: project.labelConfig });
      await applyConfig(project.labelConfig);
      if (!tasks) return;
      importedKey = currentDataKey();
      set({
        tasks,
        tasksError: null,
        runStatus: 'idle',
        progress: null,
        failures: [],
        exportNote: null,
      });
      await get().showTask(0);
    },
    download: downloadBlob,
  });

  // Journalled runs: resume offers, runs that outlive the worker, re-thresholding.
  const runsSlice = createRunsSlice(set, get, {
    engine,
    async restoreAndRun(request) {
      set({
        options: request.options,
        scoreMethod: request.scoreMethod ?? 'mean',
        versionOverride: request.modelVersion ?? '',
        ...(request.targets.length > 0 ? { targets: request.targets } : {}),
        ...(request.ocrImage ? { ocrImage: request.ocrImage } : {}),
      });
      await get().run();
    },
    refreshPreview: () => get().showTask(get().previewIndex),
  });

  const runWith = async (start: () => Promise<RunSummary>) => {
    set({ runStatus: 'running', stopping: null, runError: null, exportNote: null });
    try {
      const summary = await start();
      set({ runStatus: summary.state, failures: summary.failures, stopping: null });
    } catch (error) {
      set({ runStatus: 'idle', runError: message(error), stopping: null });
    }
    await get().showTask(get().previewIndex);
  };

  return {
    env: null,
    notices: [],
    dropNotes: [],
    configXml: '',
    config: null,
    configError: null,
    taskFiles: [],
    mediaFiles: [],
    tasks: null,
    tasksBusy: false,
    tasksError: null,
    builtins: null,
    modelSource: null,
    sourceFamilyId: '',
    labelsFile: null,
    familyId: '',
    backend: 'auto',
    modelUrl: '',
    model: null,
    modelLoading: null,
    modelError: null,
    ...EMPTY_MAPPING,
    options: DEFAULT_OPTIONS,
    scoreMethod: 'mean',
    versionOverride: '',
    computedVersion: null,
    runStatus: 'idle',
    stopping: null,
    progress: null,
    failures: [],
    runError: null,
    previewIndex: 0,
    preview: null,
    previewError: null,
    minScore: 0,
    exporting: null,
    mediaPrefix: '',
    exportNote: null,
    exportError: null,
    trying: false,
    tryError: null,
    ...lsSlice,
    ...runsSlice,

    async init() {
      if (!restartHooked) {
        restartHooked = true;
        engine().onRestart((reason) => {
          set((s) => ({
            notices: [...s.notices, `The engine restarted (${reason}); state was reloaded.`],
            model: null,
            runStatus: 'idle',
            progress: null,
          }));
          get().lsEngineRestarted();
          get().runsEngineRestarted();
          // The new worker knows nothing: give it the config, tasks and model again.
          void (async () => {
            await applyConfig(get().configXml);
            await importTasks();
            await loadModel();
            get().runsEngineReloaded();
          })();
        });
      }
      void loadBuiltins();
      try {
        set({ env: await engine().environment() });
      } catch (error) {
        set((s) => ({ notices: [...s.notices, `The engine did not start: ${message(error)}`] }));
      }
    },

    async addFiles(entries) {
      const { runStatus } = get();
      if (runStatus === 'running' || runStatus === 'paused') {
        set({
          dropNotes: ['A run is in progress: cancel it or let it finish before adding files.'],
        });
        return;
      }
      const drop = classifyDrop(entries);
      const notes: string[] = [];
      if (drop.ignored.length > 0) {
        const names = drop.ignored.slice(0, 5).map((e) => e.path);
        const more = drop.ignored.length > 5 ? ` and ${drop.ignored.length - 5} more` : '';
        notes.push(
          `Ignored ${drop.ignored.length} file(s) of unknown type: ${names.join(', ')}${more}`,
        );
      }
      if (drop.configs.length > 1) {
        notes.push(`Several configs dropped; using ${drop.configs[0]?.path}`);
      }
      if (drop.models.length > 1)
        notes.push(`Several models dropped; using ${drop.models[0]?.path}`);
      set({ dropNotes: notes });

      const config = drop.configs[0];
      const sourcesChanged = drop.taskFiles.length > 0 || drop.media.length > 0;
      if (sourcesChanged) {
        set((s) => ({
          taskFiles: mergeFiles(s.taskFiles, drop.taskFiles),
          mediaFiles: mergeFiles(s.mediaFiles, drop.media),
        }));
      }
      let imported = false;
      if (config) {
        const xml = await config.file.text();
        window.clearTimeout(configTimer);
        set({ configXml: xml });
        imported = await applyConfig(xml);
      }
      if (sourcesChanged && !imported) await importTasks();
      const model = drop.models[0];
      const labels = drop.labels[0];
      if (model) {
        set({
          modelSource: { kind: 'file', file: model.file },
          sourceFamilyId: '',
          labelsFile: labels?.file ?? null,
          modelUrl: '',
        });
        await loadModel();
      } else if (labels) {
        set({ labelsFile: labels.file });
        await loadModel();
      }
    },

    editConfig(xml) {
      set({ configXml: xml });
      window.clearTimeout(configTimer);
      configTimer = window.setTimeout(() => void applyConfig(xml), 300);
    },

    async clearTasks() {
      closeMasks(get().preview);
      set({ taskFiles: [], mediaFiles: [], preview: null, previewIndex: 0 });
      await engine().setTaskSources({ taskFiles: [], mediaFiles: [] });
      set({ tasks: null, progress: null, failures: [], runStatus: 'idle' });
    },

    setModelUrl(url) {
      set({ modelUrl: url });
    },

    async loadModelFromUrl() {
      const url = get().modelUrl.trim();
      if (!url) return;
      set({ modelSource: { kind: 'url', url }, sourceFamilyId: '' });
      await loadModel();
    },

    async loadKnownModel(id) {
      const known = KNOWN_MODELS.find((m) => m.id === id);
      if (!known) return;
      set({
        modelSource: { kind: 'url', url: known.url },
        sourceFamilyId: known.familyId,
        modelUrl: known.url,
        labelsFile: null,
      });
      await loadModel();
    },

    async loadBuiltin(id) {
      const builtins = get().builtins ?? (await loadBuiltins());
      const entry = builtins.find((m) => m.id === id);
      if (!entry) {
        set({
          modelError: `The built-in model "${id}" is not installed with this app (run npm install before building).`,
        });
        return;
      }
      set({
        modelSource: { kind: 'builtin', id, baseUrl: new URL(entry.path, modelsBaseUrl()).href },
        sourceFamilyId: '',
        labelsFile: null,
        modelUrl: '',
      });
      await loadModel();
    },

    async setFamily(id) {
      set({ familyId: id });
      await loadModel();
    },

    async setLabelsFile(file) {
      set({ labelsFile: file });
      await loadModel();
    },

    async setBackend(backend) {
      set({ backend });
      await loadModel();
    },

    reloadModel: loadModel,

    ...mapping,

    setOptions(options) {
      set((s) => ({ options: { ...s.options, ...options } }));
    },

    setScoreMethod(method) {
      set({ scoreMethod: method });
    },

    setVersionOverride(version) {
      set({ versionOverride: version });
    },

    async run() {
      const { model, targets, options, scoreMethod, versionOverride, ocrImage } = get();
      if (!model) return;
      const request: RunRequest = {
        targets: model.kind === 'text' ? [] : targets,
        options,
        scoreMethod,
      };
      if (versionOverride.trim()) request.modelVersion = versionOverride.trim();
      if (model.kind === 'text' && ocrImage) request.ocrImage = ocrImage;
      set({ failures: [], progress: null });
      await runWith(() => get().startRun(request, onProgress));
    },

    async retryFailed() {
      await runWith(() => engine().retryFailed(onProgress));
    },

    async pause() {
      await engine().pause();
      if (get().runStatus === 'running') set({ stopping: 'pause' });
    },

    async resume() {
      await engine().resume();
      set({ stopping: null });
    },

    async cancel() {
      await engine().cancel();
      const { runStatus } = get();
      if (runStatus === 'running' || runStatus === 'paused') set({ stopping: 'cancel' });
    },

    async showTask(index) {
      const total = get().tasks?.total ?? 0;
      if (total === 0) {
        closeMasks(get().preview);
        set({ preview: null, previewIndex: 0 });
        return;
      }
      const clamped = Math.min(Math.max(0, index), total - 1);
      set({ previewIndex: clamped });
      try {
        const view = await engine().getTaskView(clamped);
        if (get().previewIndex !== clamped) {
          closeMasks(view);
          return;
        }
        closeMasks(get().preview);
        set({ preview: view, previewError: null });
      } catch (error) {
        set({ previewError: message(error) });
      }
    },

    setMinScore(score) {
      set({ minScore: score });
    },

    setMediaPrefix(prefix) {
      set({ mediaPrefix: prefix });
    },

    async exportAs(format) {
      set({ exporting: format, exportError: null });
      try {
        const file = await engine().exportFile(format, { mediaPrefix: get().mediaPrefix.trim() });
        downloadBlob(file.blob, file.fileName);
        set({
          exportNote: {
            format,
            fileName: file.fileName,
            written: file.written,
            skipped: file.skipped,
            reasons: file.skippedReasons,
          },
        });
      } catch (error) {
        set({ exportError: message(error) });
      } finally {
        set({ exporting: null });
      }
    },

    async tryIt() {
      const { runStatus } = get();
      if (runStatus === 'running' || runStatus === 'paused') {
        set({ tryError: 'A run is in progress: cancel it first.' });
        return;
      }
      set({ trying: true, tryError: null });
      try {
        const samples = await fetchSamples();
        window.clearTimeout(configTimer);
        set({ configXml: samples.configXml, taskFiles: [], mediaFiles: samples.images });
        const imported = await applyConfig(samples.configXml);
        if (!imported) await importTasks();
        if (get().model?.id !== SAMPLE_MODEL) await get().loadBuiltin(SAMPLE_MODEL);
        if (get().model?.id !== SAMPLE_MODEL) {
          throw new Error(get().modelError ?? 'the built-in OCR model did not load');
        }
        await get().run();
      } catch (error) {
        set({ tryError: message(error) });
      } finally {
        set({ trying: false });
      }
    },
  };
});

// The model_version shown before a run: recomputed whenever what it hashes changes.
let versionRequest = 0;
useApp.subscribe((state, previous) => {
  if (
    state.model === previous.model &&
    state.targets === previous.targets &&
    state.options === previous.options
  ) {
    return;
  }
  const request = ++versionRequest;
  const { model, targets, options } = state;
  if (!model) {
    useApp.setState({ computedVersion: null });
    return;
  }
  void runModelVersion(model, { targets, options }).then(
    (version) => {
      if (request === versionRequest) useApp.setState({ computedVersion: version });
    },
    () => undefined,
  );
});

// Settings changed after a run → re-threshold it; new tasks or model → a run to resume?
watchRuns(useApp, {
  request: runRequestOf,
  rethresholdNow: (request) => useApp.getState().rethresholdNow(request),
  refreshResumeOffer: () => useApp.getState().refreshResumeOffer(),
});
