// The app's single store. It keeps what the UI shows and forwards work to the
// engine worker; it holds no model logic.

import { create } from 'zustand';
import { pickTextTarget, TextTargetError } from '../core/mapping/text-targets';
import type { LabelingConfig } from '../core/config/types';
import type { ScoreAggregation } from '../core/export/score';
import type { DecodeOptions } from '../models/types';
import type {
  BackendInfo,
  BackendPreference,
  ConfigErrorInfo,
  EnvironmentInfo,
  ExportFormat,
  GenerationRequest,
  LoadProgress,
  ModelInfo,
  ModelSource,
  RunProgress,
  TextRunTarget,
  RunSummary,
  SourceFile,
  TaskFailure,
  TaskSources,
  TaskSummary,
  TaskView,
  Waveform,
} from '../engine/api';
import { requestModelVersion } from '../engine/run-version';
import {
  fetchBuiltinModels,
  hasAudioLabels,
  modelsBaseUrl,
  VAD_BUILTIN,
  type BuiltinModel,
} from './builtins';
import { engine } from './engine';
import { classifyDrop, type DroppedFile } from './files/classify';
import { sortLabelsByContent } from './files/labels-by-content';
import { claimHeadFiles } from './files/head-drop';
import { claimZipModels } from './files/zip-drop';
import { claimManifestFiles, packageSource } from './files/package-drop';
import { planTaskDrop, sourcesAfter, type DropChoice, type PendingDrop } from './files/task-drop';
import { KNOWN_MODELS } from './known-models';
import { isAudioTarget, isTextTarget, type AppTarget } from './targets';
import { SAMPLE_MODEL, fetchSamples } from './samples';
import {
  EMPTY_MAPPING,
  createMappingSlice,
  type MappingActions,
  type MappingState,
} from './mapping-slice';
import { createLsSlice, lsBlockers, type LsSlice } from './ls-slice';
import { createLabelNextSlice, watchLabelNext, type LabelNextSlice } from './label-next-slice';
import { createLearnSlice, type LearnSlice } from './learn-slice';
import { createRunsSlice, runRequestOf, watchRuns, type RunsSlice } from './run/runs-slice';
import { allowHosts } from './run/allow-hosts';
import { progressUpdate, type RunStatus } from './run/progress-report';
import { RunInputsStore, type SavedRunInputs } from '../engine/journal/run-inputs';

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
  /** A drop that would change the tasks in place: waits for the user's choice. */
  pendingDrop: PendingDrop | null;

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
  /** Generation models: prompt template, greedy or sampling, token limit, stop strings. */
  generation: GenerationRequest;
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
  /** The shown audio task's waveform (decoded and reduced in the worker), or why it is missing. */
  waveform: ShownWaveform | null;
  minScore: number;

  exporting: ExportFormat | null;
  /** Put before bare media file names in exports (e.g. `/data/local-files/?d=photos/`). */
  mediaPrefix: string;
  exportNote: ExportNote | null;
  exportError: string | null;

  trying: boolean;
  tryError: string | null;

  /** An unfinished run found on load (after a reload mid-run): what it was made from. */
  savedRun: SavedRunInputs | null;
}

export interface AppActions extends MappingActions {
  init(): Promise<void>;
  addFiles(entries: DroppedFile[]): Promise<void>;
  /** The answer to a pending drop: replace the tasks, add to them, or keep them as they are. */
  answerDrop(choice: DropChoice | 'keep'): Promise<void>;
  editConfig(xml: string): void;
  clearTasks(): Promise<void>;
  setModelUrl(url: string): void;
  loadModelFromUrl(): Promise<void>;
  /** A head file (`prelabel train`, Online learning's export) as the model; throws its load error. */
  loadHeadFile(file: File): Promise<void>;
  loadKnownModel(id: string): Promise<void>;
  loadBuiltin(id: string): Promise<void>;
  /** A built-in text model of the worker's code (`builtin-entities`). */
  loadTextBuiltin(id: string): Promise<void>;
  setFamily(id: string): Promise<void>;
  setLabelsFile(file: File | null): Promise<void>;
  setBackend(backend: BackendPreference): Promise<void>;
  reloadModel(): Promise<void>;
  setOptions(options: Partial<DecodeOptions>): void;
  setScoreMethod(method: ScoreAggregation): void;
  setVersionOverride(version: string): void;
  setGeneration(changes: Partial<GenerationRequest>): void;
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
  /** Puts back the saved run's config, tasks and model (then its resume offer shows). */
  restoreSavedRun(): Promise<void>;
  discardSavedRun(): Promise<void>;
}

/** A shown audio task's waveform; `key` is the task's index and name. */
export type ShownWaveform = { key: string } & ({ wave: Waveform } | { error: string });

/** Min/max pairs a waveform is drawn with (the canvas scales them to its width). */
const WAVEFORM_COLUMNS = 1200;

/** The built-in entity tagger's id (src/models/text-entities). */
const ENTITY_TAGGER = 'builtin-entities';

const DEFAULT_OPTIONS: DecodeOptions = { confidence: 0.25, iou: 0.7, maxDetections: 300 };

/** The saved run's text (or audio) mapping put back on the matching control. */
function withTextMapping(targets: AppTarget[], text: TextRunTarget): AppTarget[] {
  return targets.map((t) =>
    (isTextTarget(t) || isAudioTarget(t)) &&
    t.fromName === text.fromName &&
    t.toName === text.toName
      ? { ...t, mapping: { ...text.mapping } }
      : t,
  );
}

/** A span control (on a Text, HyperText or Paragraphs): the built-in entity tagger fits, with no file to drop. */
function wantsEntityTagger(config: LabelingConfig): boolean {
  try {
    pickTextTarget(config, 'span', []);
    return true;
  } catch (error) {
    if (error instanceof TextTargetError) return false;
    throw error;
  }
}

function sameBackend(a: BackendInfo, b: BackendInfo): boolean {
  return a.backend === b.backend && a.threads === b.threads && a.notice === b.notice;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a model load is made of; a failed load leaves all of it as it was. */
type ModelChoice = Pick<
  AppState,
  'modelSource' | 'sourceFamilyId' | 'labelsFile' | 'familyId' | 'backend'
>;

function modelSourceName(source: ModelSource): string {
  if (source.kind === 'file') return source.file.name;
  if (source.kind === 'url') return source.url;
  if (source.kind === 'package') return source.name;
  return source.id;
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

/** The inputs of the current run, kept so a reload can restore them (best effort). */
let inputsStore: Promise<RunInputsStore | null> | null = null;
function runInputs(): Promise<RunInputsStore | null> {
  inputsStore ??= RunInputsStore.open().catch(() => null);
  return inputsStore;
}
let lastInputsNote = 0;
/** Data key the tasks were imported with: re-import only when it changes. */
let importedKey: string | undefined | null = null;
let restartHooked = false;
/** Settles when the current run has closed (its summary is in the store). */
let runClosed: Promise<void> = Promise.resolve();

export const useApp = create<
  AppState & AppActions & LsSlice & RunsSlice & LabelNextSlice & LearnSlice
>()((set, get) => {
  const mapping = createMappingSlice(set, get);
  const { refreshTargets } = mapping;

  const currentDataKey = () => {
    const { config } = get();
    return config?.objects.find((o) => o.tag === 'Image' && o.dataKey)?.dataKey;
  };

  /**
   * Imports `next` (default: the sources in place, e.g. after a config change).
   * Transactional: when the engine refuses the import, the tasks, the run and
   * the sources shown stay as they were and the error says so.
   */
  const importTasks = async (next?: TaskSources) => {
    const { taskFiles, mediaFiles } = next ?? get();
    const previousKey = importedKey;
    importedKey = currentDataKey();
    if (taskFiles.length === 0 && mediaFiles.length === 0) {
      set({ tasks: null, tasksError: null, taskFiles, mediaFiles });
      return;
    }
    set({ tasksBusy: true, tasksError: null });
    try {
      let tasks: TaskSummary;
      try {
        tasks = await engine().setTaskSources({ taskFiles, mediaFiles });
      } catch (error) {
        importedKey = previousKey;
        throw error;
      }
      set({
        tasks,
        taskFiles,
        mediaFiles,
        runStatus: 'idle',
        progress: null,
        failures: [],
        exportNote: null,
      });
      // Task media on hosts the page's policy does not allow yet: restart (reloads all).
      if (await allowHosts(tasks.origins ?? [])) engine().restart('task image hosts were allowed');
      await get().showTask(0);
    } catch (error) {
      set({ tasksError: message(error) });
    } finally {
      set({ tasksBusy: false });
    }
  };

  /**
   * Returns true when it (re)imported the tasks. `autoModel`: load the
   * built-in tagger for a text config when no model is chosen (not when the
   * caller loads one itself).
   */
  const applyConfig = async (xml: string, autoModel = true): Promise<boolean> => {
    const state = await engine().setConfig(xml);
    if (get().configXml !== xml) return false; // superseded by a newer edit
    if (state.ok) set({ config: state.config, configError: null });
    else set({ config: null, configError: state.error });
    refreshTargets(true);
    // A text project gets pre-labels at once: the built-in tagger needs no file.
    if (autoModel && state.ok && !get().modelSource && wantsEntityTagger(state.config)) {
      void get().loadTextBuiltin(ENTITY_TAGGER);
    }
    // So does an audio project with <Labels>: the built-in VAD finds the speech.
    if (autoModel && state.ok && !get().modelSource && hasAudioLabels(state.config)) {
      void get().loadBuiltin(VAD_BUILTIN);
    }
    const { taskFiles, mediaFiles } = get();
    const keyChanged = importedKey !== currentDataKey();
    if ((taskFiles.length > 0 || mediaFiles.length > 0) && (keyChanged || get().tasks === null)) {
      await importTasks();
      return true;
    }
    return false;
  };

  /**
   * Loads the model `changes` describe (default: the current choice again).
   * A failed load keeps the model that was working, and the choice behind it.
   */
  const loadModel = async (changes: Partial<ModelChoice> = {}) => {
    const current = get();
    const { modelSource, labelsFile, familyId, sourceFamilyId, backend } = {
      modelSource: current.modelSource,
      labelsFile: current.labelsFile,
      familyId: current.familyId,
      sourceFamilyId: current.sourceFamilyId,
      backend: current.backend,
      ...changes,
    };
    if (!modelSource) {
      set(changes);
      return;
    }
    // A model host the page's policy does not allow yet: the restart loads the model.
    if (modelSource.kind === 'url' && (await allowHosts([modelSource.url]))) {
      set(changes);
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
        // A dropped recogniser transcribes the segments of the built-in VAD.
        ...(modelSource.kind === 'package'
          ? { regionModelBaseUrl: new URL(`${VAD_BUILTIN}/`, modelsBaseUrl()).href }
          : {}),
      };
      const model = await engine().loadModel(request, (p) => set({ modelLoading: p }));
      set({
        ...changes,
        model,
        options: { ...DEFAULT_OPTIONS, ...model.defaults },
        versionOverride: '',
      });
      refreshTargets(true);
    } catch (error) {
      const kept = get().model;
      const name = modelSourceName(modelSource);
      const cause = message(error);
      // The engine keeps the old session when a load fails; so does the page.
      const error_ = cause.includes(name) ? cause : `${name}: ${cause}`;
      set({
        modelError: kept ? `${error_} (${kept.fileName} is still loaded)` : error_,
      });
      if (!kept) {
        set(changes);
        refreshTargets(false);
      }
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

  /** The waveform of the shown audio task, once per task (runs re-show the same task often). */
  const showWaveform = async (view: TaskView) => {
    const key = `${view.index}:${view.name}`;
    if (get().waveform?.key === key) return;
    set({ waveform: null });
    try {
      const wave = await engine().getWaveform(view.index, WAVEFORM_COLUMNS);
      if (get().previewIndex === view.index) set({ waveform: { key, wave } });
    } catch (error) {
      if (get().previewIndex === view.index) set({ waveform: { key, error: message(error) } });
    }
  };

  const onProgress = (progress: RunProgress, run: { ended: boolean }) => {
    const { preview, previewIndex, stopping, runStatus, model } = get();
    const update = progressUpdate(runStatus, progress, run.ended);
    if (!update) return;
    // How far the run got, for the page after a reload (every 2 s at most).
    if (Date.now() - lastInputsNote > 2000 || progress.state !== 'running') {
      lastInputsNote = Date.now();
      void runInputs().then((store) => store?.noteProgress(progress).catch(() => undefined));
    }
    // The engine may move a run to WASM (GPU device lost): badge and notice follow.
    if (model && progress.backend && !sameBackend(model.backend, progress.backend)) {
      set({ model: { ...model, backend: progress.backend } });
    }
    set({
      ...update,
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
      if (tasks) set({ taskFiles: [], mediaFiles: [], tasks: null, pendingDrop: null });
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

  // The "Label next" panel: the worker ranks, the page shows and exports.
  const labelNextSlice = createLabelNextSlice(set, get, { engine, download: downloadBlob });

  // Online learning: the worker trains and watches; "use" loads a head as the model.
  const loadHeadFile = async (file: File) => {
    set({ modelUrl: '' });
    await loadModel({
      modelSource: { kind: 'package', name: file.name, files: [{ file, path: file.name }] },
      sourceFamilyId: '',
      labelsFile: null,
      familyId: '',
    });
    const { modelError, model } = get();
    if (modelError && model?.fileName !== file.name) throw new Error(modelError);
  };
  const learnSlice = createLearnSlice(set, get, {
    engine,
    download: downloadBlob,
    modelsBase: modelsBaseUrl,
    loadHead: loadHeadFile,
    reconnect: () => get().lsReconnect(),
  });

  // Journalled runs: resume offers, runs that outlive the worker, re-thresholding.
  const runsSlice = createRunsSlice(set, get, {
    engine,
    async restoreAndRun(request) {
      set({
        options: request.options,
        scoreMethod: request.scoreMethod ?? 'mean',
        versionOverride: request.modelVersion ?? '',
        ...(request.generation ? { generation: request.generation } : {}),
        ...(request.targets.length > 0 ? { targets: request.targets } : {}),
        ...(request.text ? { targets: withTextMapping(get().targets, request.text) } : {}),
        ...(request.audio ? { targets: withTextMapping(get().targets, request.audio) } : {}),
        ...(request.ocrImage ? { ocrImage: request.ocrImage } : {}),
      });
      await get().run();
    },
    refreshPreview: () => get().showTask(get().previewIndex),
  });

  const runWith = async (
    start: (onProgress: (progress: RunProgress) => void) => Promise<RunSummary>,
  ) => {
    const run = { ended: false };
    let closed = () => {};
    runClosed = new Promise<void>((resolve) => (closed = resolve));
    set({ runStatus: 'running', stopping: null, runError: null, exportNote: null });
    try {
      const summary = await start((progress) => onProgress(progress, run));
      run.ended = true;
      set({ runStatus: summary.state, failures: summary.failures, stopping: null });
      // A finished run needs nothing restored after a reload.
      if (summary.state === 'done') {
        void runInputs().then((store) => store?.clear().catch(() => undefined));
      }
      // A cancelled run can go on from where it stopped (the journal has it).
      if (summary.state === 'cancelled') {
        const offer = await engine()
          .findResumableRun()
          .catch(() => null);
        if (get().runStatus === 'cancelled') set({ resumeOffer: offer });
      }
    } catch (error) {
      run.ended = true;
      set({ runStatus: 'idle', runError: message(error), stopping: null });
    } finally {
      closed();
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
    pendingDrop: null,
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
    generation: { strategy: 'greedy' },
    computedVersion: null,
    runStatus: 'idle',
    stopping: null,
    progress: null,
    failures: [],
    runError: null,
    previewIndex: 0,
    preview: null,
    previewError: null,
    waveform: null,
    minScore: 0,
    exporting: null,
    mediaPrefix: '',
    exportNote: null,
    exportError: null,
    trying: false,
    tryError: null,
    savedRun: null,
    ...lsSlice,
    ...runsSlice,
    ...labelNextSlice,
    ...learnSlice,

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
          get().learnEngineRestarted();
          // The new worker knows nothing: give it the config, tasks and model again.
          void (async () => {
            try {
              await applyConfig(get().configXml);
              await importTasks();
              await loadModel();
              get().runsEngineReloaded();
            } finally {
              // Then the watch the restart stopped goes on (it reconnects first).
              await get().learnEngineReloaded();
            }
          })();
        });
      }
      void loadBuiltins();
      void runInputs().then(async (store) => {
        const saved = await store?.load().catch(() => null);
        // Only when the page holds nothing yet (a reload, not a second init).
        if (saved && get().tasks === null && get().runStatus === 'idle') set({ savedRun: saved });
      });
      try {
        set({ env: await engine().environment() });
      } catch (error) {
        set((s) => ({ notices: [...s.notices, `The engine did not start: ${message(error)}`] }));
      }
    },

    async addFiles(entries) {
      // Every task is done and the run only closes (its journal's last write):
      // the drop waits for that instead of being refused.
      if (get().runStatus === 'running' && get().progress?.state === 'done') await runClosed;
      const { runStatus } = get();
      if (runStatus === 'running' || runStatus === 'paused') {
        set({
          dropNotes: ['A run is in progress: cancel it or let it finish before adding files.'],
        });
        return;
      }
      const drop = classifyDrop(entries);
      await claimManifestFiles(drop);
      // A head .json (prelabel train, Online learning) is a model, not tasks.
      const heads = await claimHeadFiles(drop);
      const zips = claimZipModels(drop);
      const textPackage = packageSource(drop.packages);
      // A class-names file dropped after the model goes to the model, not to the tasks.
      // Text models take no class-names file: a .txt of short lines is tasks then.
      const source = get().modelSource;
      const takesLabels =
        source !== null && source.kind !== 'text-builtin' && source.kind !== 'package';
      await sortLabelsByContent(drop, !textPackage && (drop.models.length > 0 || takesLabels));
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
      const zip = !textPackage && drop.models.length === 0 ? zips[0] : undefined;
      if (zips.length > (zip ? 1 : 0)) {
        const used = zip ? `; using ${zip.path}` : `; using the dropped model`;
        notes.push(`${zips.length} zipped model(s) dropped${used}`);
      }
      const head = !textPackage && drop.models.length === 0 && !zip ? heads[0] : undefined;
      if (heads.length > (head ? 1 : 0)) {
        const used = head ? `; using ${head.path}` : `; using the dropped model`;
        notes.push(`${heads.length} head file(s) dropped${used}`);
      }
      const model = drop.models[0];
      const labels = drop.labels[0];
      if (labels && !model) {
        notes.push(
          get().modelSource
            ? `${labels.path} read as the model's class names.`
            : `${labels.path} kept as class names for the model you load next.`,
        );
      }
      set({ dropNotes: notes, pendingDrop: null });

      const config = drop.configs[0];
      if (config) {
        const xml = await config.file.text();
        window.clearTimeout(configTimer);
        set({ configXml: xml });
        await applyConfig(xml, !model && !textPackage && !head && !zip);
      }
      if (drop.taskFiles.length > 0 || drop.media.length > 0) {
        const { taskFiles, mediaFiles, tasks, progress } = get();
        const plan = planTaskDrop(
          { taskFiles, mediaFiles },
          { taskFiles: drop.taskFiles, media: drop.media },
          { tasks: tasks?.total ?? 0, results: progress?.done ?? 0 },
        );
        if (plan.kind === 'ask') set({ pendingDrop: plan.pending });
        else await importTasks(plan.sources);
      }
      if (textPackage) {
        set({ modelUrl: '' });
        await loadModel({
          modelSource: textPackage,
          sourceFamilyId: '',
          labelsFile: null,
          familyId: '',
        });
      } else if (model) {
        set({ modelUrl: '' });
        await loadModel({
          modelSource: { kind: 'file', file: model.file },
          sourceFamilyId: '',
          labelsFile: labels?.file ?? null,
        });
      } else if (zip) {
        await loadHeadFile(zip.file).catch(() => undefined); // the Model panel shows why
      } else if (head) {
        await loadHeadFile(head.file).catch(() => undefined); // the Model panel shows why
      } else if (labels) {
        await loadModel({ labelsFile: labels.file });
      }
    },

    async answerDrop(choice) {
      const pending = get().pendingDrop;
      if (!pending) return;
      set({ pendingDrop: null });
      if (choice === 'keep') return;
      const { taskFiles, mediaFiles } = get();
      const drop = { taskFiles: pending.taskFiles, media: pending.media };
      await importTasks(sourcesAfter({ taskFiles, mediaFiles }, drop, choice));
    },

    editConfig(xml) {
      set({ configXml: xml });
      window.clearTimeout(configTimer);
      configTimer = window.setTimeout(() => void applyConfig(xml), 300);
    },

    async clearTasks() {
      closeMasks(get().preview);
      set({ taskFiles: [], mediaFiles: [], preview: null, previewIndex: 0, pendingDrop: null });
      await engine().setTaskSources({ taskFiles: [], mediaFiles: [] });
      set({ tasks: null, progress: null, failures: [], runStatus: 'idle' });
    },

    setModelUrl(url) {
      set({ modelUrl: url });
    },

    async loadModelFromUrl() {
      const url = get().modelUrl.trim();
      if (!url) return;
      await loadModel({ modelSource: { kind: 'url', url }, sourceFamilyId: '' });
    },

    async loadHeadFile(file) {
      // The Model panel shows the load error itself.
      await loadHeadFile(file).catch(() => undefined);
    },

    async loadKnownModel(id) {
      const known = KNOWN_MODELS.find((m) => m.id === id);
      if (!known) return;
      set({ modelUrl: known.url });
      await loadModel({
        modelSource: { kind: 'url', url: known.url },
        sourceFamilyId: known.familyId,
        labelsFile: null,
      });
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
      set({ modelUrl: '' });
      await loadModel({
        modelSource: { kind: 'builtin', id, baseUrl: new URL(entry.path, modelsBaseUrl()).href },
        sourceFamilyId: '',
        labelsFile: null,
      });
    },

    async loadTextBuiltin(id) {
      set({ modelUrl: '' });
      await loadModel({
        modelSource: { kind: 'text-builtin', id },
        sourceFamilyId: '',
        labelsFile: null,
        familyId: '',
      });
    },

    async setFamily(id) {
      await loadModel({ familyId: id });
    },

    async setLabelsFile(file) {
      await loadModel({ labelsFile: file });
    },

    async setBackend(backend) {
      await loadModel({ backend });
    },

    reloadModel: () => loadModel(),

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

    setGeneration(changes) {
      const next: GenerationRequest = { ...get().generation, ...changes };
      // a field cleared in the form is left out (the model's default), not sent as undefined
      for (const key of Object.keys(next) as (keyof GenerationRequest)[]) {
        if (next[key] === undefined) delete next[key];
      }
      set({ generation: next });
    },

    async run() {
      const request = runRequestOf(get());
      if (!request) return;
      set({ failures: [], progress: null, savedRun: null });
      const s = get();
      // Tasks read from a Label Studio project are read again from it: nothing to keep.
      const dropped = s.taskFiles.length > 0 || s.mediaFiles.length > 0;
      const inputs = {
        configXml: s.configXml,
        taskFiles: s.taskFiles,
        mediaFiles: s.mediaFiles,
        modelSource: s.modelSource,
        labelsFile: s.labelsFile,
        familyId: s.familyId,
        sourceFamilyId: s.sourceFamilyId,
      };
      void runInputs().then((store) =>
        (dropped ? store?.save(inputs, s.tasks?.total ?? 0) : store?.clear())?.catch(
          () => undefined,
        ),
      );
      await runWith((onProgress) => get().startRun(request, onProgress));
    },

    async retryFailed() {
      await runWith((onProgress) => engine().retryFailed(onProgress));
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
        if (view.audio) await showWaveform(view);
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

    async restoreSavedRun() {
      const saved = get().savedRun;
      if (!saved) return;
      set({ savedRun: null });
      window.clearTimeout(configTimer);
      set({ configXml: saved.configXml });
      await applyConfig(saved.configXml, !saved.modelSource);
      if (saved.taskFiles.length > 0 || saved.mediaFiles.length > 0) {
        await importTasks({ taskFiles: saved.taskFiles, mediaFiles: saved.mediaFiles });
      }
      const notes: string[] = [];
      if (saved.mediaNotKept.length > 0) {
        const names = saved.mediaNotKept.slice(0, 5).join(', ');
        const more =
          saved.mediaNotKept.length > 5 ? ` and ${saved.mediaNotKept.length - 5} more` : '';
        notes.push(
          `Drop these ${saved.mediaNotKept.length} media files again (too large to keep in the browser): ${names}${more}.`,
        );
      }
      if (saved.modelNotKept)
        notes.push(`Drop the model ${saved.modelNotKept} again (too large to keep).`);
      set({ dropNotes: notes });
      if (saved.modelSource) {
        await loadModel({
          modelSource: saved.modelSource,
          labelsFile: saved.labelsFile,
          familyId: saved.familyId,
          sourceFamilyId: saved.sourceFamilyId,
        });
      }
      // The resume offer follows from the tasks and model (watchRuns); ask now in case both came first.
      await get().refreshResumeOffer();
    },

    async discardSavedRun() {
      set({ savedRun: null });
      const store = await runInputs();
      await store?.clear().catch(() => undefined);
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
        // Try it replaces everything: the sample tasks are its own.
        set({ configXml: samples.configXml, pendingDrop: null, taskFiles: [], mediaFiles: [] });
        await applyConfig(samples.configXml);
        await importTasks({ taskFiles: [], mediaFiles: samples.images });
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
    state.options === previous.options &&
    state.generation === previous.generation
  ) {
    return;
  }
  const request = ++versionRequest;
  const { model } = state;
  const run = runRequestOf({ ...state, versionOverride: '' });
  if (!model || !run) {
    useApp.setState({ computedVersion: null });
    return;
  }
  void requestModelVersion(model, run).then(
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

watchLabelNext(useApp);

// Other tasks (a project loaded, an export dropped) may be another scope of versions.
useApp.subscribe((state, previous) => {
  if (state.tasks !== previous.tasks) void state.learnRefresh();
});
