// The app's single store. It keeps what the UI shows and forwards work to the
// engine worker; it holds no model logic.

import { create } from 'zustand';
import { autoMapLabels, type LabelMapping, type MatchReason } from '../core/mapping/auto-map';
import type { LabelingConfig } from '../core/config/types';
import type { DecodeOptions } from '../models/types';
import type {
  BackendPreference,
  ConfigErrorInfo,
  EnvironmentInfo,
  ExportFormat,
  LoadProgress,
  ModelInfo,
  ModelSource,
  RunProgress,
  RunSummary,
  SourceFile,
  TaskFailure,
  TaskSummary,
  TaskView,
} from '../engine/api';
import { engine } from './engine';
import { classifyDrop, type DroppedFile } from './files/classify';
import { boxTargets, type BoxTargetChoice } from './targets';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled';

export interface ExportNote {
  format: ExportFormat;
  fileName: string;
  written: number;
  skipped: number;
  reasons: string[];
}

export interface AppState {
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

  modelSource: ModelSource | null;
  labelsFile: File | null;
  familyId: string;
  backend: BackendPreference;
  modelUrl: string;
  model: ModelInfo | null;
  modelLoading: LoadProgress | null;
  modelError: string | null;

  targets: BoxTargetChoice[];
  targetKey: string | null;
  mapping: LabelMapping;
  mappingReasons: Record<string, MatchReason>;
  options: DecodeOptions;

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
  exportNote: ExportNote | null;
  exportError: string | null;
}

export interface AppActions {
  init(): Promise<void>;
  addFiles(entries: DroppedFile[]): Promise<void>;
  editConfig(xml: string): void;
  clearTasks(): Promise<void>;
  setModelUrl(url: string): void;
  loadModelFromUrl(): Promise<void>;
  setFamily(id: string): Promise<void>;
  setLabelsFile(file: File | null): Promise<void>;
  setBackend(backend: BackendPreference): Promise<void>;
  reloadModel(): Promise<void>;
  chooseTarget(key: string): void;
  setMapping(className: string, label: string | null): void;
  resetMapping(): void;
  setOptions(options: Partial<DecodeOptions>): void;
  run(): Promise<void>;
  retryFailed(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  showTask(index: number): Promise<void>;
  setMinScore(score: number): void;
  exportAs(format: ExportFormat): Promise<void>;
}

const DEFAULT_OPTIONS: DecodeOptions = { confidence: 0.25, iou: 0.7, maxDetections: 300 };

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

let configTimer: number | undefined;
/** Data key the tasks were imported with: re-import only when it changes. */
let importedKey: string | undefined | null = null;
let restartHooked = false;

export const useApp = create<AppState & AppActions>()((set, get) => {
  /** Mapping and target follow the config and the model. */
  const refreshTargets = () => {
    const { config, model, targetKey } = get();
    const targets = config ? boxTargets(config) : [];
    const target = targets.find((t) => t.key === targetKey) ?? targets[0] ?? null;
    const auto = target && model ? autoMapLabels(model.classNames, target.control) : null;
    set({
      targets,
      targetKey: target?.key ?? null,
      mapping: auto?.mapping ?? {},
      mappingReasons: auto?.reasons ?? {},
    });
  };

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
    refreshTargets();
    const { taskFiles, mediaFiles } = get();
    const keyChanged = importedKey !== currentDataKey();
    if ((taskFiles.length > 0 || mediaFiles.length > 0) && (keyChanged || get().tasks === null)) {
      await importTasks();
      return true;
    }
    return false;
  };

  const loadModel = async () => {
    const { modelSource, labelsFile, familyId, backend } = get();
    if (!modelSource) return;
    set({ modelLoading: { phase: 'session' }, modelError: null });
    try {
      const request = {
        source: modelSource,
        backend,
        ...(labelsFile ? { labelsFile } : {}),
        ...(familyId ? { familyId } : {}),
      };
      const model = await engine().loadModel(request, (p) => set({ modelLoading: p }));
      set({ model, options: { ...DEFAULT_OPTIONS, ...model.defaults } });
      refreshTargets();
    } catch (error) {
      set({ model: null, modelError: message(error) });
      refreshTargets();
    } finally {
      set({ modelLoading: null });
    }
  };

  const onProgress = (progress: RunProgress) => {
    const { preview, previewIndex, stopping, runStatus } = get();
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
    modelSource: null,
    labelsFile: null,
    familyId: '',
    backend: 'auto',
    modelUrl: '',
    model: null,
    modelLoading: null,
    modelError: null,
    targets: [],
    targetKey: null,
    mapping: {},
    mappingReasons: {},
    options: DEFAULT_OPTIONS,
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
    exportNote: null,
    exportError: null,

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
          // The new worker knows nothing: give it the config, tasks and model again.
          void (async () => {
            await applyConfig(get().configXml);
            await importTasks();
            await loadModel();
          })();
        });
      }
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
      set({ modelSource: { kind: 'url', url } });
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

    chooseTarget(key) {
      set({ targetKey: key });
      refreshTargets();
    },

    setMapping(className, label) {
      set((s) => ({ mapping: { ...s.mapping, [className]: label } }));
    },

    resetMapping() {
      refreshTargets();
    },

    setOptions(options) {
      set((s) => ({ options: { ...s.options, ...options } }));
    },

    async run() {
      const { targets, targetKey, mapping, options } = get();
      const target = targets.find((t) => t.key === targetKey);
      if (!target) {
        set({ runError: 'choose where the boxes go (a RectangleLabels control on an Image)' });
        return;
      }
      set({ failures: [], progress: null });
      await runWith(() =>
        engine().run(
          { target: { fromName: target.fromName, toName: target.toName }, mapping, options },
          onProgress,
        ),
      );
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
        set({ preview: null, previewIndex: 0 });
        return;
      }
      const clamped = Math.min(Math.max(0, index), total - 1);
      set({ previewIndex: clamped });
      try {
        const view = await engine().getTaskView(clamped);
        if (get().previewIndex === clamped) set({ preview: view, previewError: null });
      } catch (error) {
        set({ previewError: message(error) });
      }
    },

    setMinScore(score) {
      set({ minScore: score });
    },

    async exportAs(format) {
      set({ exporting: format, exportError: null });
      try {
        const file = await engine().exportFile(format);
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
  };
});
