// The worker-side implementation of EngineApi: holds the config, the tasks,
// the loaded model and the predictions, and runs the batch loop. Predictions
// are built by src/core/predict, the code the CLI runs too.

import * as Comlink from 'comlink';
import {
  ConfigError,
  findControl,
  findObject,
  parseLabelingConfig,
  readDataPath,
} from '../core/config';
import type { LabelNextList, LabelNextOptions } from '../core/active/label-next';
import type { LabelingConfig, ObjectTag } from '../core/config/types';
import { mediaDataKeys, NoTaskIdsError, type ExportItem } from '../core/export';
import { pickOcrTarget } from '../core/mapping/ocr-target';
import { TARGET_KINDS } from '../core/mapping/vision-targets';
import type { FinishedPrediction } from '../core/predict';
import type { LsTask } from '../core/tasks/types';
import {
  predictAudioTask,
  predictImageChoicesTask,
  predictTask,
  predictTextTask,
  textRawOf,
  type OpenedPackageModel,
  type TaskInput,
} from '../models/predictor';
import { decodeAudioChunks } from '../core/audio/decode-stream';
import { waveformOf } from '../core/audio/waveform';
import type { PreparedInput } from '../models/types';
import type {
  Callback,
  ConfigState,
  EngineApi,
  EnvironmentInfo,
  ExportFileOptions,
  ExportFormat,
  ExportedFile,
  LoadModelRequest,
  LoadProgress,
  ModelInfo,
  RunProgress,
  RunRequest,
  RunSummary,
  TaskFailure,
  TaskImage,
  TaskSources,
  TaskSummary,
  TaskView,
  Waveform,
} from './api';
import { audioObjectOf, planAudioRun, taskAudioStream } from './audio-run';
import { wasmThreadCount, webGpuDevice, webGpuStatus } from './backend';
import type { DecodedImage } from './decode-image';
import { errorMessage } from './errors';
import { exportToFile } from './export-file';
import { fetchImage, resolveUrl } from './fetch-image';
import { MediaIndex, taskDisplayName } from './media-index';
import {
  familyChoices,
  loadModel,
  releaseModel,
  textBuiltins,
  type LoadedImageModel,
  type LoadedModel,
} from './model-loader';
import { GpuRecovery } from './gpu-recovery';
import { ImagePrep } from './prep-client';
import { sizesOf, type ImageSizes } from './prepare-image';
import { PredictionStore } from './prediction-store';
import { LabelNextCommittees } from './label-next-committee';
import { RankEvidence, rankLabelNext } from './label-next-run';
import { previewMasks } from './preview-masks';
import { RunControl, TaskStageError, runTasks } from './run-loop';
import { requestModelVersion } from './run-version';
import { TaskImportRefused, importSources } from './task-source';
import { EngineLs } from './ls/engine-ls';
import { EngineLearn, projectScope } from './learn/engine-learn';
import { EngineRuns, type JournalledRun } from './engine-runs';
import { planImageHeadRun } from './image-head-run';
import { planTextRun, taskPlainText, taskTextView, textObjectOf, textTaskName } from './text-run';
import type { BenchTarget } from './bench/session-benchmark';
import { taskOrigins } from './task-origins';
import type {
  ResumableRunInfo,
  RethresholdSummary,
  RunOptions,
  TaskEventCallback,
} from './runs-api';

/** An audio task's file, read before the model runs (decoded as the model streams it). */
interface PreparedAudio {
  audio: Uint8Array;
  name: string;
}

interface PreparedTask {
  sizes: ImageSizes;
  /** OCR: the pixels (it reads crops of them). */
  decoded?: DecodedImage;
  /** Image models: the input tensor, made in the prep worker while the previous task runs. */
  input?: PreparedInput;
}

/**
 * A run's model (an image model's is swapped for its WASM reload when the GPU
 * is lost mid-run) and settings, with the task data key it reads.
 */
type ActiveRun = JournalledRun & { dataKey: string };
type ImageRun = Extract<ActiveRun, { modality: 'image' }>;

/** Calls a callback that may live in another thread; its failure must not stop the run. */
function notify<T>(callback: Callback<T> | undefined, value: T): void {
  if (!callback) return;
  try {
    void Promise.resolve(callback(value) as unknown).catch(() => undefined);
  } catch {
    // the page went away
  }
}

export class Engine implements EngineApi {
  private config: LabelingConfig | null = null;
  private sources: TaskSources = { taskFiles: [], mediaFiles: [] };
  private tasks: LsTask[] = [];
  private media = new MediaIndex();
  private model: LoadedModel | null = null;
  /** How the model was loaded, to load it again on WASM if the GPU is lost. */
  private modelRequest: LoadModelRequest | null = null;
  private readonly gpu = new GpuRecovery<LoadedImageModel>((notice) => this.reloadOnWasm(notice));
  /** Decodes images and makes input tensors beside the thread session.run blocks. */
  private readonly prep = new ImagePrep();
  /** By task index; a journalled run keeps only recent ones in memory (prediction-store.ts). */
  private readonly predictions = new PredictionStore();
  /** Each kept prediction's class certainties and probabilities (Label next). */
  private readonly evidence = new RankEvidence();
  /** Label next's last committee, trained again only when its annotations change. */
  private readonly committees = new LabelNextCommittees();
  private failures = new Map<number, TaskFailure>();
  private lastRun: RunRequest | null = null;
  private lastDataKey: string | undefined;
  /** The text object the last text run read (the preview shows it). */
  private lastTextObject: string | undefined;
  /** The audio object the last audio run read. */
  private lastAudioObject: string | undefined;
  /** The built-in VAD a recogniser transcribes the segments of (opened on first need). */
  private regionModel: OpenedPackageModel | null = null;
  private control: RunControl | null = null;
  /** Float buffers handed back to preprocess, so each task does not allocate one. */
  private bufferPool: Float32Array[] = [];
  /** Label Studio server: the connection (and its token) stays in this worker. */
  private readonly ls = new EngineLs(
    {
      assertIdle: () => this.assertIdle(),
      setConfig: (xml) => this.setConfig(xml),
      adoptTasks: (tasks) => this.adoptServerTasks(tasks),
      tasks: () => this.tasks,
      predictions: () => ({
        entries: () => this.predictions.entries(),
        get: (index) => this.predictions.get(index),
        count: this.predictions.doneCount,
      }),
      localMedia: (task) => this.localMediaOf(task),
      release: (callback) => this.onRelease(callback),
    },
    {
      pageOrigin: globalThis.location?.origin,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    },
  );
  readonly lsConnect = this.ls.lsConnect.bind(this.ls);
  readonly lsDisconnect = this.ls.lsDisconnect.bind(this.ls);
  readonly lsSavedConnections = this.ls.lsSavedConnections.bind(this.ls);
  readonly lsForget = this.ls.lsForget.bind(this.ls);
  readonly lsListProjects = this.ls.lsListProjects.bind(this.ls);
  readonly lsLoadProject = this.ls.lsLoadProject.bind(this.ls);
  readonly lsPush = this.ls.lsPush.bind(this.ls);
  readonly lsRetryFailed = this.ls.lsRetryFailed.bind(this.ls);
  readonly lsCancel = this.ls.lsCancel.bind(this.ls);
  readonly lsReport = this.ls.lsReport.bind(this.ls);

  /** Online learning: text, image and audio heads trained here on the tasks' annotations, and the watch loop. */
  private readonly learn = new EngineLearn({
    config: () => this.config,
    tasks: () => this.tasks,
    session: () => this.ls.session,
    scope: () => {
      const project = this.ls.projectOf(this.tasks);
      return project ? projectScope(project.server, project.id) : 'local';
    },
    release: (callback) => this.onRelease(callback),
    // Image heads: decoded as a run decodes (full size; the head's input is made from the pixels).
    image: async (reference) => {
      const blob = this.media.find(reference) ?? (await this.fetchImage(reference));
      return (await this.prep.decodeImage(blob)).image;
    },
    // Audio heads: the task's file as an audio run reads it (decoded by core/audio).
    audio: async (reference) => {
      const file = this.media.find(reference);
      const blob = file ?? (await this.fetchImage(reference, 'audio'));
      return { bytes: new Uint8Array(await blob.arrayBuffer()), name: file?.name ?? reference };
    },
    decodeImage: async (blob) => (await this.prep.decodeImage(blob)).image,
  });
  readonly learnState = this.learn.learnState.bind(this.learn);
  readonly learnTrain = this.learn.learnTrain.bind(this.learn);
  readonly learnQuality = this.learn.learnQuality.bind(this.learn);
  readonly learnRollback = this.learn.learnRollback.bind(this.learn);
  readonly learnExportHead = this.learn.learnExportHead.bind(this.learn);
  readonly learnImportHead = this.learn.learnImportHead.bind(this.learn);
  readonly learnWatchStart = this.learn.learnWatchStart.bind(this.learn);
  readonly learnWatchStop = this.learn.learnWatchStop.bind(this.learn);
  readonly learnWatchPollNow = this.learn.learnWatchPollNow.bind(this.learn);
  readonly learnSetBackbone = this.learn.learnSetBackbone.bind(this.learn);
  readonly learnBackbone = this.learn.learnBackbone.bind(this.learn);
  readonly learnPredict = this.learn.learnPredict.bind(this.learn);
  readonly learnSetModelsBase = this.learn.learnSetModelsBase.bind(this.learn);

  /** Journalled runs: resume after a reload or crash, re-threshold, export from the journal. */
  private readonly runs = new EngineRuns({
    tasks: () => this.tasks,
    config: () => this.config,
    model: () => this.model,
    predictions: () => this.predictions,
    failures: () => this.failures,
    taskName: (index) => this.describeTask(index, this.lastDataKey),
    evidence: (index) => this.evidence.get(index),
  });

  constructor(private readonly onRelease: (callback: unknown) => void = () => undefined) {}

  async environment(): Promise<EnvironmentInfo> {
    const { status } = await webGpuStatus();
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency || 1,
      wasmThreads: wasmThreadCount(),
      webgpu: status,
      families: familyChoices(),
      textBuiltins: textBuiltins(),
    };
  }

  async setConfig(xml: string): Promise<ConfigState> {
    try {
      this.config = parseLabelingConfig(xml);
      return { ok: true, config: this.config };
    } catch (error) {
      this.config = null;
      if (error instanceof ConfigError) {
        return {
          ok: false,
          error: { message: error.message, line: error.line, column: error.column },
        };
      }
      return { ok: false, error: { message: errorMessage(error) } };
    }
  }

  private imageDataKey(): string | undefined {
    return this.config?.objects.find((o) => o.tag === 'Image' && o.dataKey)?.dataKey;
  }

  async setTaskSources(sources: TaskSources): Promise<TaskSummary> {
    this.assertIdle();
    const dataKey = this.imageDataKey() ?? this.config?.objects.find((o) => o.dataKey)?.dataKey;
    const imported = await importSources(sources, this.config, dataKey);
    // Transactional: an import that gave no task at all, because its files could not be
    // read as tasks, leaves the tasks and the run untouched. With some tasks, the rest goes on
    // and each bad file is listed with its problems.
    if (imported.tasks.length === 0 && imported.failedFiles.length > 0) {
      throw new TaskImportRefused(imported.failedFiles);
    }
    this.sources = sources;
    this.tasks = imported.tasks;
    this.media = new MediaIndex(sources.mediaFiles);
    this.predictions.reset(this.tasks.length);
    this.evidence.reset();
    this.committees.clear();
    this.failures.clear();
    const summary: TaskSummary = {
      total: this.tasks.length,
      issues: imported.issues,
      fromMedia: imported.fromMedia,
    };
    if (dataKey) summary.dataKey = dataKey;
    // A text project's data is text (a line may start with https://), not media to fetch.
    const origins = this.textObject() ? [] : taskOrigins(this.tasks, dataKey);
    if (origins.length > 0) summary.origins = origins;
    return summary;
  }

  /** Tasks read from a Label Studio project replace the dropped ones. */
  private adoptServerTasks(tasks: LsTask[]): TaskSummary {
    this.sources = { taskFiles: [], mediaFiles: [] };
    this.tasks = tasks;
    this.media = new MediaIndex();
    this.predictions.reset(this.tasks.length);
    this.evidence.reset();
    this.committees.clear();
    this.failures.clear();
    const dataKey = this.imageDataKey() ?? this.config?.objects.find((o) => o.dataKey)?.dataKey;
    const summary: TaskSummary = { total: tasks.length, issues: [], fromMedia: false };
    if (dataKey) summary.dataKey = dataKey;
    return summary;
  }

  /** The dropped file a task was made from, for a push that uploads it. */
  private localMediaOf(task: LsTask): { name: string; blob: Blob } | undefined {
    const dataKey = this.lastDataKey ?? this.imageDataKey();
    const reference = dataKey ? readDataPath(task.data, dataKey) : undefined;
    const file = typeof reference === 'string' ? this.media.find(reference) : undefined;
    return file ? { name: file.name, blob: file } : undefined;
  }

  async loadModel(
    request: LoadModelRequest,
    onProgress?: Callback<LoadProgress>,
  ): Promise<ModelInfo> {
    try {
      this.assertIdle();
      // An image head runs on the backbone Online learning holds.
      const loaded = await loadModel(request, (p) => notify(onProgress, p), {
        backbone: (sha256) => this.learn.heldBackboneFor(sha256),
      });
      if (loaded.kind === 'package' && loaded.family.readsRegions) {
        // A recogniser's per-region text comes from the VAD's segments: its hash is in model_version.
        const vad = await this.openRegionModel(request.regionModelBaseUrl).catch(() => null);
        if (vad) loaded.info.regionBytesHash = vad.bytesHash;
      }
      const previous = this.model;
      this.model = loaded;
      this.modelRequest = request;
      this.bufferPool = [];
      this.gpu.watch(loaded.info.backend.backend === 'webgpu' ? webGpuDevice() : undefined);
      await releaseModel(previous);
      return loaded.info;
    } finally {
      this.onRelease(onProgress);
    }
  }

  /** The GPU device was lost: the same model on WASM, which every later task uses. */
  private async reloadOnWasm(notice: string): Promise<LoadedImageModel> {
    const request = this.modelRequest;
    if (!request) throw new Error(notice);
    let loaded: LoadedImageModel;
    try {
      const reloaded = await loadModel({ ...request, backend: 'wasm' }, () => undefined);
      // Only image models run on WebGPU, so only they are reloaded.
      if (reloaded.kind === 'package') throw new Error('a text model has no GPU session');
      loaded = reloaded;
    } catch (error) {
      throw new Error(`${notice} Reloading the model on WASM failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    loaded.info.backend = { ...loaded.info.backend, notice };
    const previous = this.model;
    this.model = loaded;
    this.bufferPool = [];
    this.gpu.watch(undefined);
    void releaseModel(previous);
    return loaded;
  }

  /** A run's model is swapped when the GPU is lost mid-run. */
  private adoptModel(run: ImageRun, model: LoadedImageModel): void {
    run.model = model;
  }

  private assertIdle(): void {
    if (this.control && !this.control.isCancelled) {
      throw new Error('a run is in progress: cancel it first');
    }
  }

  /** A text project's object (no <Image> in the config): tasks are named by their text. */
  private textObject(): ObjectTag | null {
    return textObjectOf(this.config, this.lastTextObject);
  }

  /** An audio project's object (no <Image>): tasks are its files. */
  private audioObject(): ObjectTag | null {
    return audioObjectOf(this.config, this.lastAudioObject);
  }

  /** The key task media are read from: the last run's, the image's, else the audio's. */
  private mediaDataKey(): string | undefined {
    return this.lastDataKey ?? this.imageDataKey() ?? this.audioObject()?.dataKey;
  }

  /** The VAD for per-region text: the app's built-in silero-vad, next to the model's. */
  private async openRegionModel(
    baseUrl = this.modelRequest?.regionModelBaseUrl,
  ): Promise<OpenedPackageModel> {
    if (this.regionModel) return this.regionModel;
    if (!baseUrl) {
      throw new Error(
        'a recogniser writes text per speech segment with the built-in silero-vad, which this page did not name',
      );
    }
    const loaded = await loadModel(
      { source: { kind: 'builtin', id: 'silero-vad', baseUrl }, backend: 'wasm' },
      () => undefined,
    );
    if (loaded.kind !== 'package') throw new Error(`${baseUrl} is not the Silero VAD package`);
    this.regionModel = loaded;
    return loaded;
  }

  private describeTask(index: number, dataKey: string | undefined): string {
    const task = this.tasks[index];
    const text = this.textObject();
    if (text && task) return textTaskName(text, task.data, index, task.id);
    const reference = task && dataKey ? readDataPath(task.data, dataKey) : undefined;
    return taskDisplayName(reference, index, task?.id);
  }

  /** The <Image> a run reads: the OCR target's, or the vision targets' (all on one image). */
  private imageObjectOf(config: LabelingConfig, toName: string): string {
    const object = findObject(config, toName);
    if (!object?.dataKey) throw new Error(`the object "${toName}" reads no task data ($key)`);
    return object.dataKey;
  }

  private async activeRun(request: RunRequest): Promise<ActiveRun> {
    const { config, model } = this;
    if (!config) throw new Error('no valid labeling config');
    if (!model) throw new Error('no model loaded');
    if (this.tasks.length === 0) throw new Error('no tasks to run');
    if (model.kind === 'package' && model.family.modality === 'audio') {
      const { settings, modelVersion } = await planAudioRun(config, model, request, () =>
        this.openRegionModel(),
      );
      return {
        modality: 'audio',
        request,
        modelVersion,
        model,
        settings,
        dataKey: settings.target.dataKey ?? '',
      };
    }
    if (model.kind === 'package' && model.family.modality === 'image') {
      await this.assertBackboneOf(model.info);
      const { settings, modelVersion, dataKey } = await planImageHeadRun(config, model, request);
      return { modality: 'image-head', request, modelVersion, model, settings, dataKey };
    }
    if (model.kind === 'package') {
      const { settings, modelVersion } = await planTextRun(config, model, request);
      const object = settings.target.object;
      return {
        modality: 'text',
        request,
        modelVersion,
        model,
        settings,
        dataKey: object.dataKey ?? '',
      };
    }
    const modelVersion =
      request.modelVersion?.trim() || (await requestModelVersion(model.info, request));
    const context = {
      config,
      modelVersion,
      options: request.options,
      ...(request.scoreMethod ? { scoreMethod: request.scoreMethod } : {}),
    };
    if (model.kind === 'text') {
      const target = pickOcrTarget(config, request.ocrImage);
      return {
        modality: 'image',
        request,
        modelVersion,
        model,
        dataKey: this.imageObjectOf(config, target.toName),
        settings: { ...context, targets: [], ocrTarget: target },
      };
    }
    const { targets } = request;
    const first = targets[0];
    if (!first) throw new Error('choose the control the predictions go to');
    for (const target of targets) {
      const control = findControl(config, target.fromName);
      if (!control) throw new Error(`the config has no control named "${target.fromName}"`);
      if (!control.toName.includes(target.toName) || target.toName !== first.toName) {
        throw new Error(`<${control.tag} name="${control.name}"> does not label "${first.toName}"`);
      }
    }
    const fits = TARGET_KINDS[model.info.kind as keyof typeof TARGET_KINDS];
    if (!targets.some((t) => fits.includes(t.kind))) {
      throw new Error(
        `${model.info.kind} predictions need a ${fits.join(' or ')} control; the chosen controls are ${targets.map((t) => t.kind).join(', ')}`,
      );
    }
    return {
      modality: 'image',
      request,
      modelVersion,
      model,
      dataKey: this.imageObjectOf(config, first.toName),
      settings: { ...context, targets },
    };
  }

  /** An image head's backbone must still be the one Online learning holds (it may have been replaced). */
  private async assertBackboneOf(info: ModelInfo): Promise<void> {
    const wanted = info.backbone;
    if (wanted) await this.learn.restoreBackbone(wanted.sha256);
    const held = this.learn.heldBackbone()?.info;
    if (!wanted || held?.sha256 === wanted.sha256) return;
    throw new Error(
      `${info.fileName} runs on the backbone ${wanted.name}, but Online learning ${held ? `holds ${held.name} now` : 'holds no backbone now'}: drop ${wanted.name} there again`,
    );
  }

  private fetchImage(reference: string, media: 'image' | 'audio' = 'image'): Promise<Blob> {
    // Tasks loaded from Label Studio: their media need the token (ls/task-media.ts).
    const viaServer = this.ls.mediaFetcher(this.tasks);
    return viaServer ? viaServer(reference) : fetchImage(reference, media);
  }

  /** An audio task's file: the dropped one, else fetched; named for messages. */
  private async audioBytes(index: number, dataKey: string | undefined): Promise<PreparedAudio> {
    const task = this.tasks[index];
    const reference = task && dataKey ? readDataPath(task.data, dataKey) : undefined;
    if (typeof reference !== 'string' || reference === '') {
      throw new TaskStageError('audio', `the task has no audio URL under data.${dataKey ?? ''}`);
    }
    const file = this.media.find(reference);
    const blob = file ?? (await this.fetchImage(reference, 'audio'));
    const name = file?.name ?? taskDisplayName(reference, index, task?.id);
    return { audio: new Uint8Array(await blob.arrayBuffer()), name };
  }

  /** Text tasks need nothing prepared: the predictor reads the task's text itself. */
  private async prepareTask(
    run: ActiveRun,
    index: number,
  ): Promise<PreparedTask | PreparedAudio | null> {
    if (run.modality === 'text') return null;
    if (run.modality === 'audio') return this.audioBytes(index, run.dataKey);
    const task = this.tasks[index];
    if (!task) throw new TaskStageError('image', 'no such task');
    const reference = readDataPath(task.data, run.dataKey);
    if (typeof reference !== 'string' || reference === '') {
      throw new TaskStageError('image', `the task has no image URL under data.${run.dataKey}`);
    }
    const blob = this.media.find(reference) ?? (await this.fetchImage(reference));
    try {
      const { model } = run;
      if (run.modality === 'image' && 'inputName' in model) {
        const spec = {
          familyId: model.family.id,
          manifest: model.manifest,
          inputName: model.inputName,
        };
        return await this.prep.prepareImage(blob, spec, this.bufferPool.pop());
      }
      const decoded = await this.prep.decodeImage(blob);
      return { decoded, sizes: sizesOf(decoded) };
    } catch (error) {
      throw new TaskStageError('image', errorMessage(error));
    }
  }

  private async inferTask(
    run: ActiveRun,
    index: number,
    prepared: PreparedTask | PreparedAudio | null,
  ): Promise<void> {
    const task = this.tasks[index];
    if (!task) throw new TaskStageError('image', 'no such task');
    const about = { index, data: task.data };
    if (run.modality === 'text') {
      const built = await predictTextTask(run.model, about, run.settings);
      this.runs.noteTextRaw(index, textRawOf(run.model.resultKind, built.raw));
      return this.keep(index, built, built.raw);
    }
    if (run.modality === 'audio') {
      if (!prepared || !('audio' in prepared)) throw new TaskStageError('audio', 'no audio read');
      const stream = taskAudioStream(prepared.audio, prepared.name);
      const built = await predictAudioTask(run.model, about, stream, run.settings);
      return this.keep(index, built, built.raw);
    }
    if (!prepared || 'audio' in prepared)
      throw new TaskStageError('image', 'the task has no image');
    if (run.modality === 'image-head') {
      // The head's input is made from the full pixels, as `prelabel predict --backbone` makes it.
      if (!prepared.decoded) throw new TaskStageError('image', 'the task has no image');
      const built = await predictImageChoicesTask(
        run.model,
        about,
        prepared.decoded.image,
        run.settings,
      );
      return this.keep(index, built, built.raw);
    }
    const adopt = (model: LoadedImageModel) => this.adoptModel(run, model);
    const { input, decoded, sizes } = prepared;
    // Image models: the tensor the prep worker made; pipelines (OCR): the pixels.
    const taskInput: TaskInput | undefined = input
      ? { task: about, prepared: input, sizes }
      : decoded && {
          task: about,
          image: decoded.image,
          original: { width: decoded.originalWidth, height: decoded.originalHeight },
        };
    if (!taskInput) throw new Error('the task has no image');
    let built: FinishedPrediction;
    let raw: unknown;
    try {
      const result = await this.gpu.guard(
        () => predictTask(run.model, taskInput, run.settings),
        adopt,
      );
      this.runs.noteRaw(index, result.raw, result.image);
      built = result;
      raw = result.raw;
    } finally {
      for (const feed of Object.values(input?.feeds ?? {})) {
        if (feed.data instanceof Float32Array && this.bufferPool.length < 2) {
          this.bufferPool.push(feed.data);
        }
      }
    }
    this.keep(index, built, raw);
  }

  /** A validated prediction is kept; one the config refuses fails its task, saying why. */
  private keep(index: number, built: FinishedPrediction, raw: unknown): void {
    const { prediction, issues } = built;
    if (issues.length > 0) {
      const shown = issues.slice(0, 3).map((i) => i.message);
      if (issues.length > 3) shown.push(`… ${issues.length - 3} more`);
      throw new TaskStageError('validation', shown.join('; '));
    }
    this.predictions.set(index, prediction);
    this.evidence.note(index, raw, this.model?.info.classNames.length ?? 0);
  }

  /**
   * The run's control exists before the first await, so a pause or cancel
   * sent right after "run" is not lost while the run is being set up.
   */
  private async runWith(
    setUp: (control: RunControl) => Promise<{ run: ActiveRun; indices: number[] }>,
    onProgress: Callback<RunProgress>,
    options?: RunOptions,
    onTaskEvent?: TaskEventCallback,
  ): Promise<RunSummary> {
    try {
      this.assertIdle();
    } catch (error) {
      this.onRelease(onProgress);
      throw error;
    }
    const control = new RunControl(() => performance.now());
    this.control = control;
    try {
      const { run, indices } = await setUp(control);
      const taskName = (index: number) => this.describeTask(index, run.dataKey);
      const steps = this.runs.supervise<PreparedTask | PreparedAudio | null>(
        {
          prepare: (index) => this.prepareTask(run, index),
          infer: (index, prepared) => this.inferTask(run, index, prepared),
          taskName,
        },
        options,
        onTaskEvent && ((event) => notify(onTaskEvent, event)),
      );
      const summary = await runTasks<PreparedTask | PreparedAudio | null>(
        {
          indices,
          prepare: steps.prepare,
          infer: steps.infer,
          taskName,
          onProgress: (p) => notify(onProgress, this.withBackend(this.runs.progressOf(p))),
          // A paused run may be recycled at once: its finished tasks must be in the journal.
          beforePause: () => this.runs.journal.flushed().catch(() => undefined),
          now: () => performance.now(),
        },
        control,
      );
      for (const failure of summary.failures) {
        this.failures.set(failure.index, failure);
        this.predictions.clear(failure.index);
        this.evidence.forget(failure.index);
      }
      return await this.runs.end({
        ...summary,
        failures: [...this.failures.values()].sort((a, b) => a.index - b.index),
        modelVersion: run.modelVersion,
      });
    } finally {
      this.control = null;
      this.onRelease(onProgress);
      this.onRelease(onTaskEvent);
    }
  }

  private withBackend(progress: RunProgress): RunProgress {
    return this.model ? { ...progress, backend: this.model.info.backend } : progress;
  }

  async run(
    request: RunRequest,
    onProgress: Callback<RunProgress>,
    options?: RunOptions,
    onTaskEvent?: TaskEventCallback,
  ): Promise<RunSummary> {
    return this.runWith(
      async (control) => {
        const run = await this.activeRun(request);
        this.lastRun = request;
        this.lastDataKey = run.dataKey;
        this.lastTextObject = run.modality === 'text' ? run.settings.target.toName : undefined;
        this.lastAudioObject = run.modality === 'audio' ? run.settings.target.toName : undefined;
        this.predictions.reset(this.tasks.length);
        this.evidence.reset();
        this.failures.clear();
        // A full disk stops the run; what was written stays and can be resumed.
        const indices = await this.runs.begin(run, () => control.cancel(), options);
        return { run, indices };
      },
      onProgress,
      options,
      onTaskEvent,
    );
  }

  async retryFailed(onProgress: Callback<RunProgress>): Promise<RunSummary> {
    return this.runWith(async (control) => {
      if (!this.lastRun) throw new Error('nothing has run yet');
      const run = await this.activeRun(this.lastRun);
      const indices = [...this.failures.keys()].sort((a, b) => a - b);
      for (const index of indices) this.failures.delete(index);
      await this.runs.beginRetry(() => control.cancel());
      return { run, indices };
    }, onProgress);
  }

  findResumableRun(): Promise<ResumableRunInfo | null> {
    return this.runs.findResumable();
  }

  discardRun(runId: string): Promise<void> {
    return this.runs.discard(runId);
  }

  async rethreshold(request: RunRequest): Promise<RethresholdSummary> {
    this.assertIdle();
    const run = await this.activeRun(request);
    const summary = await this.runs.rethreshold(run);
    if (summary.supported) this.lastRun = request;
    return summary;
  }

  async pause(): Promise<void> {
    this.control?.pause();
  }

  async resume(): Promise<void> {
    this.control?.resume();
  }

  async cancel(): Promise<void> {
    this.control?.cancel();
  }

  private taskImage(reference: unknown): TaskImage | null {
    if (typeof reference !== 'string' || reference === '') return null;
    const file = this.media.find(reference);
    return file ? { kind: 'file', file } : { kind: 'url', url: resolveUrl(reference) };
  }

  async getTaskView(index: number): Promise<TaskView> {
    const task = this.tasks[index];
    if (!task) throw new Error(`no task ${index + 1} (there are ${this.tasks.length})`);
    const dataKey = this.mediaDataKey();
    const reference = dataKey ? readDataPath(task.data, dataKey) : undefined;
    const done = this.predictions.isDone(index);
    // An older task's prediction may be read back from the run journal.
    const prediction = done ? await this.predictions.get(index).catch(() => undefined) : undefined;
    const failure = this.failures.get(index);
    const status = failure ? 'failed' : done ? 'done' : 'pending';
    const results = prediction?.result ?? [];
    const textObject = this.textObject();
    if (textObject) {
      // A text project: the text itself, never a URL made of it.
      const text = taskTextView(textObject, task.data, results);
      const name = textTaskName(textObject, task.data, index, task.id);
      const view: TaskView = {
        index,
        total: this.tasks.length,
        name,
        image: null,
        status,
        results,
      };
      if (text) view.text = text;
      if (prediction?.score !== undefined) view.score = prediction.score;
      if (failure) view.failure = failure;
      return view;
    }
    const media =
      (await this.ls.taskImage(this.tasks, reference).catch(() => undefined)) ??
      this.taskImage(reference);
    const audioObject = this.audioObject();
    const view: TaskView = {
      index,
      total: this.tasks.length,
      name: taskDisplayName(reference, index, task.id),
      image: audioObject ? null : media,
      status,
      results,
    };
    if (audioObject && media) view.audio = { object: audioObject.name, source: media };
    if (prediction?.score !== undefined) view.score = prediction.score;
    if (failure) view.failure = failure;
    const masks = prediction ? await previewMasks(prediction.result) : [];
    if (masks.length === 0) return view;
    view.masks = masks;
    return Comlink.transfer(
      view,
      masks.map((m) => m.bitmap),
    );
  }

  async getWaveform(index: number, columns: number): Promise<Waveform> {
    if (!this.tasks[index])
      throw new Error(`no task ${index + 1} (there are ${this.tasks.length})`);
    const { audio, name } = await this.audioBytes(index, this.mediaDataKey());
    try {
      const wave = await waveformOf(decodeAudioChunks(audio, { name, chunkSeconds: 30 }), columns);
      return Comlink.transfer(wave, [wave.min.buffer, wave.max.buffer]);
    } catch (error) {
      throw new Error(errorMessage(error), { cause: error });
    }
  }

  private async *exportItems(): AsyncGenerator<ExportItem> {
    for await (const [index, prediction] of this.predictions.entries()) {
      const task = this.tasks[index];
      if (task) yield { task, prediction };
    }
  }

  async exportFile(format: ExportFormat, options: ExportFileOptions = {}): Promise<ExportedFile> {
    const mediaPrefix = options.mediaPrefix
      ? { prefix: options.mediaPrefix, dataKeys: this.config ? mediaDataKeys(this.config) : [] }
      : undefined;
    // The journal holds the same predictions, and all of a resumed run's.
    const journalled = await this.runs.exportFile(format, mediaPrefix).catch((error: unknown) => {
      if (error instanceof NoTaskIdsError) throw error;
      return null;
    });
    if (journalled) return journalled;
    return exportToFile(
      format,
      {
        items: this.exportItems(),
        itemCount: this.predictions.doneCount,
        total: this.tasks.length,
        modelName: this.model?.info.name ?? 'model',
      },
      mediaPrefix,
    );
  }

  async labelNext(options: LabelNextOptions): Promise<LabelNextList> {
    const dataKey = this.lastDataKey ?? this.imageDataKey();
    const text = this.textObject();
    // Every prediction held, the journal's included (as an export reads them).
    const textOf = text
      ? (index: number) => taskPlainText(text, this.tasks[index]?.data)
      : undefined;
    const { list, clusterOf } = await rankLabelNext(
      {
        entries: () => this.predictions.entries(),
        taskId: (index) => this.tasks[index]?.id,
        name: (index) => this.describeTask(index, dataKey),
        evidence: this.evidence,
        ...(textOf ? { textOf } : {}),
        // Learnt from the annotations Online learning learns from (a project's read again).
        committee: () =>
          this.committees.get(
            {
              annotatedTasks: () => this.learn.annotatedTasks(),
              tasks: () => this.tasks,
              ...(textOf ? { textOf } : {}),
              imageFeatures: () => this.learn.imageFeatures(),
            },
            {
              seed: options.seed ?? 0,
              ...(options.committee !== undefined ? { size: options.committee } : {}),
            },
          ),
      },
      options,
    );
    // The clusters go onto the predictions, so that an export or a push sends them.
    if (clusterOf.size > 0) {
      this.predictions.patchHeld(clusterOf);
      await this.runs.writeClusters(clusterOf);
    }
    return list;
  }

  /** What a bench build times (bench/session-benchmark.ts); not part of EngineApi. */
  benchTarget(): BenchTarget {
    this.assertIdle();
    return {
      model: this.model,
      tasks: this.tasks,
      dataKey: this.imageDataKey(),
      options: this.lastRun?.options,
      imageBlob: async (reference) =>
        this.media.find(reference) ?? (await this.fetchImage(reference)),
      decodeImage: async (blob) => (await this.prep.decodeImage(blob)).image,
    };
  }
}
