// The worker-side implementation of EngineApi: holds the config, the tasks,
// the loaded model and the predictions, and runs the batch loop.

import {
  ConfigError,
  findControl,
  findObject,
  parseLabelingConfig,
  readDataPath,
} from '../core/config';
import type { LabelingConfig } from '../core/config/types';
import {
  aggregateTaskScore,
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
} from '../core/export';
import type { ExportItem, ExportStream } from '../core/export';
import { boxesToResults } from '../core/mapping';
import { createIdGenerator, makePrediction } from '../core/results';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import { validatePrediction } from '../core/validate';
import type { BoxCandidate, PreparedInput } from '../models/types';
import type {
  Callback,
  ConfigState,
  EngineApi,
  EnvironmentInfo,
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
} from './api';
import { wasmThreadCount, webGpuStatus } from './backend';
import { decodeImage } from './decode-image';
import { errorMessage } from './errors';
import { MediaIndex, taskDisplayName } from './media-index';
import { familyChoices, loadModel, type LoadedModel } from './model-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';
import { RunControl, TaskStageError, runTasks } from './run-loop';
import { importSources } from './task-source';

interface PreparedTask {
  input: PreparedInput;
  /** Decoded size (maybe downscaled) and the original displayed size. */
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
}

interface ActiveRun {
  request: RunRequest;
  dataKey: string;
  hasLabels: boolean;
  config: LabelingConfig;
  model: LoadedModel;
}

const EXPORT_NAMES: Record<ExportFormat, string> = {
  'tasks-with-predictions': 'tasks-with-predictions',
  'predictions-only': 'predictions-only',
  annotations: 'tasks-with-annotations',
};

/** Calls a callback that may live in another thread; its failure must not stop the run. */
function notify<T>(callback: Callback<T> | undefined, value: T): void {
  if (!callback) return;
  try {
    void Promise.resolve(callback(value) as unknown).catch(() => undefined);
  } catch {
    // the page went away
  }
}

function resolveUrl(reference: string): string {
  try {
    return new URL(reference, self.location.href).href;
  } catch {
    return reference;
  }
}

export class Engine implements EngineApi {
  private config: LabelingConfig | null = null;
  private sources: TaskSources = { taskFiles: [], mediaFiles: [] };
  private tasks: LsTask[] = [];
  private media = new MediaIndex();
  private model: LoadedModel | null = null;
  private predictions: (LsPrediction | undefined)[] = [];
  private failures = new Map<number, TaskFailure>();
  private lastRun: RunRequest | null = null;
  private control: RunControl | null = null;
  /** Float buffers handed back to preprocess, so each task does not allocate one. */
  private bufferPool: Float32Array[] = [];

  constructor(private readonly onRelease: (callback: unknown) => void = () => undefined) {}

  async environment(): Promise<EnvironmentInfo> {
    const { status } = await webGpuStatus();
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency || 1,
      wasmThreads: wasmThreadCount(),
      webgpu: status,
      families: familyChoices(),
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
    this.sources = sources;
    const dataKey = this.imageDataKey() ?? this.config?.objects.find((o) => o.dataKey)?.dataKey;
    const imported = await importSources(sources, this.config, dataKey);
    this.tasks = imported.tasks;
    this.media = new MediaIndex(sources.mediaFiles);
    this.predictions = [];
    this.failures.clear();
    const summary: TaskSummary = {
      total: this.tasks.length,
      issues: imported.issues,
      fromMedia: imported.fromMedia,
    };
    if (dataKey) summary.dataKey = dataKey;
    return summary;
  }

  async loadModel(
    request: LoadModelRequest,
    onProgress?: Callback<LoadProgress>,
  ): Promise<ModelInfo> {
    try {
      this.assertIdle();
      const loaded = await loadModel(request, (p) => notify(onProgress, p));
      const previous = this.model;
      this.model = loaded;
      this.bufferPool = [];
      await previous?.session.release().catch(() => undefined);
      return loaded.info;
    } finally {
      this.onRelease(onProgress);
    }
  }

  private assertIdle(): void {
    if (this.control && !this.control.isCancelled) {
      throw new Error('a run is in progress: cancel it first');
    }
  }

  private describeTask(index: number, dataKey: string | undefined): string {
    const task = this.tasks[index];
    const reference = task && dataKey ? readDataPath(task.data, dataKey) : undefined;
    return taskDisplayName(reference, index, task?.id);
  }

  private activeRun(request: RunRequest): ActiveRun {
    const { config, model } = this;
    if (!config) throw new Error('no valid labeling config');
    if (!model) throw new Error('no model loaded');
    if (this.tasks.length === 0) throw new Error('no tasks to run');
    const control = findControl(config, request.target.fromName);
    if (!control) throw new Error(`the config has no control named "${request.target.fromName}"`);
    if (!control.toName.includes(request.target.toName)) {
      throw new Error(
        `<${control.tag} name="${control.name}"> does not label "${request.target.toName}"`,
      );
    }
    const object = findObject(config, request.target.toName);
    if (!object?.dataKey) {
      throw new Error(`the object "${request.target.toName}" reads no task data ($key)`);
    }
    return {
      request,
      dataKey: object.dataKey,
      hasLabels: control.tag !== 'Rectangle',
      config,
      model,
    };
  }

  private async fetchImage(reference: string): Promise<Blob> {
    const url = resolveUrl(reference);
    let response: Response;
    try {
      response = await fetch(url, { mode: 'cors', credentials: 'omit' });
    } catch {
      throw new TaskStageError(
        'image',
        `could not fetch ${reference} (network error, or the server does not allow CORS); drop the image files instead`,
      );
    }
    if (!response.ok) {
      throw new TaskStageError('image', `HTTP ${response.status} fetching ${reference}`);
    }
    // Static hosts answer unknown paths with the app's index.html.
    const type = response.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) {
      throw new TaskStageError(
        'image',
        `${reference} is not an image here (the server sent an HTML page); drop the image files or use full URLs`,
      );
    }
    return response.blob();
  }

  private async prepareTask(run: ActiveRun, index: number): Promise<PreparedTask> {
    const task = this.tasks[index];
    if (!task) throw new TaskStageError('image', 'no such task');
    const reference = readDataPath(task.data, run.dataKey);
    if (typeof reference !== 'string' || reference === '') {
      throw new TaskStageError('image', `the task has no image URL under data.${run.dataKey}`);
    }
    const blob = this.media.find(reference) ?? (await this.fetchImage(reference));
    let decoded;
    try {
      decoded = await decodeImage(blob);
    } catch (error) {
      throw new TaskStageError('image', errorMessage(error));
    }
    const { manifest, family, inputName } = run.model;
    const input = family.preprocess(decoded.image, manifest, inputName, this.bufferPool.pop());
    return {
      input,
      width: decoded.image.width,
      height: decoded.image.height,
      originalWidth: decoded.originalWidth,
      originalHeight: decoded.originalHeight,
    };
  }

  private async inferTask(run: ActiveRun, index: number, prepared: PreparedTask): Promise<void> {
    const { session, family, manifest, info } = run.model;
    let candidates;
    try {
      const outputs = await session.run(toOrtFeeds(prepared.input.feeds));
      candidates = family.decode(
        fromOrtOutputs(outputs),
        prepared.input.transform,
        manifest,
        run.request.options,
      );
    } finally {
      for (const feed of Object.values(prepared.input.feeds)) {
        if (feed.data instanceof Float32Array && this.bufferPool.length < 2) {
          this.bufferPool.push(feed.data);
        }
      }
    }
    // Boxes come in decoded pixels; a downscaled decode is scaled back up.
    const sx = prepared.originalWidth / prepared.width;
    const sy = prepared.originalHeight / prepared.height;
    const boxes = candidates
      .filter((c): c is BoxCandidate => c.kind === 'box')
      .map((c) => ({ ...c, x: c.x * sx, y: c.y * sy, width: c.width * sx, height: c.height * sy }));
    const mapped = boxesToResults(
      boxes,
      manifest.classNames,
      run.request.mapping,
      { ...run.request.target, hasLabels: run.hasLabels },
      { width: prepared.originalWidth, height: prepared.originalHeight },
      createIdGenerator(`t${index.toString(36)}`),
    );
    const prediction = makePrediction(
      mapped.results,
      info.modelVersion,
      aggregateTaskScore(mapped.scores),
    );
    const task = this.tasks[index];
    const issues = validatePrediction(prediction, run.config, task ? { taskData: task.data } : {});
    if (issues.length > 0) {
      const shown = issues.slice(0, 3).map((i) => i.message);
      if (issues.length > 3) shown.push(`… ${issues.length - 3} more`);
      throw new TaskStageError('validation', shown.join('; '));
    }
    this.predictions[index] = prediction;
  }

  private async runIndices(
    run: ActiveRun,
    indices: number[],
    onProgress: Callback<RunProgress>,
  ): Promise<RunSummary> {
    const control = new RunControl(() => performance.now());
    this.control = control;
    try {
      const summary = await runTasks<PreparedTask>(
        {
          indices,
          prepare: (index) => this.prepareTask(run, index),
          infer: (index, prepared) => this.inferTask(run, index, prepared),
          taskName: (index) => this.describeTask(index, run.dataKey),
          onProgress: (p) => notify(onProgress, p),
          now: () => performance.now(),
        },
        control,
      );
      for (const failure of summary.failures) {
        this.failures.set(failure.index, failure);
        this.predictions[failure.index] = undefined;
      }
      return {
        ...summary,
        failures: [...this.failures.values()].sort((a, b) => a.index - b.index),
      };
    } finally {
      this.control = null;
      this.onRelease(onProgress);
    }
  }

  async run(request: RunRequest, onProgress: Callback<RunProgress>): Promise<RunSummary> {
    this.assertIdle();
    const run = this.activeRun(request);
    this.lastRun = request;
    this.predictions = [];
    this.failures.clear();
    return this.runIndices(
      run,
      this.tasks.map((_, i) => i),
      onProgress,
    );
  }

  async retryFailed(onProgress: Callback<RunProgress>): Promise<RunSummary> {
    this.assertIdle();
    if (!this.lastRun) throw new Error('nothing has run yet');
    const run = this.activeRun(this.lastRun);
    const indices = [...this.failures.keys()].sort((a, b) => a - b);
    for (const index of indices) this.failures.delete(index);
    return this.runIndices(run, indices, onProgress);
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
    const dataKey =
      (this.lastRun && this.config
        ? findObject(this.config, this.lastRun.target.toName)?.dataKey
        : undefined) ?? this.imageDataKey();
    const reference = dataKey ? readDataPath(task.data, dataKey) : undefined;
    const prediction = this.predictions[index];
    const failure = this.failures.get(index);
    const view: TaskView = {
      index,
      total: this.tasks.length,
      name: taskDisplayName(reference, index, task.id),
      image: this.taskImage(reference),
      status: failure ? 'failed' : prediction ? 'done' : 'pending',
      results: prediction?.result ?? [],
    };
    if (prediction?.score !== undefined) view.score = prediction.score;
    if (failure) view.failure = failure;
    return view;
  }

  private *exportItems(): Generator<ExportItem> {
    for (let i = 0; i < this.tasks.length; i++) {
      const task = this.tasks[i];
      const prediction = this.predictions[i];
      if (task && prediction) yield { task, prediction };
    }
  }

  async exportFile(format: ExportFormat): Promise<ExportedFile> {
    const items = [...this.exportItems()];
    if (items.length === 0) throw new Error('no predictions to export yet: run the model first');
    const reasons: string[] = [];
    let skipped = this.tasks.length - items.length;
    if (skipped > 0) reasons.push(`${skipped} tasks have no prediction (not run or failed)`);
    const onSkip = ({ reason }: { reason: string }) => {
      skipped++;
      if (reasons.length < 5 && !reasons.includes(reason)) reasons.push(reason);
    };
    const stream: ExportStream =
      format === 'tasks-with-predictions'
        ? exportTasksWithPredictions(items, { onSkip })
        : format === 'predictions-only'
          ? exportPredictionsOnly(items, { onSkip })
          : exportAsAnnotations(items, { onSkip });
    // Chunks become Blob parts: the file is never one big string.
    const parts: string[] = [];
    let written: number;
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        written = next.value.written;
        break;
      }
      parts.push(next.value);
    }
    const modelName = this.model?.info.name ?? 'model';
    return {
      blob: new Blob(parts, { type: 'application/json' }),
      fileName: `${EXPORT_NAMES[format]}.${modelName}.json`,
      written,
      skipped,
      skippedReasons: reasons,
    };
  }
}
