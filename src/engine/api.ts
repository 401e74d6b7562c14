// The one contract between the page and the inference worker. The worker
// (worker.ts) implements EngineApi; the page reaches it through
// src/engine-client, generated from the method list in api-methods.ts.
// Everything here crosses postMessage: plain data, File/Blob, or callbacks
// wrapped with Comlink.proxy on the page side.

import type { LabelingConfig } from '../core/config/types';
import type { LabelNextList, LabelNextOptions } from '../core/active/label-next';
import type { LabelMapping } from '../core/mapping/auto-map';
import type { TextTargetKind } from '../core/mapping/text-targets';
import type { ScoreAggregation } from '../core/export/score';
import type { VisionCandidateKind } from '../core/mapping/vision-candidates';
import type { VisionTarget } from '../core/mapping/vision-targets';
import type { LsResult } from '../core/results/types';
import type { ImportIssue } from '../core/tasks/types';
import type { DecodeOptions } from '../models/types';
import type { LearnEngineApi } from './learn/api';
import type { LsEngineApi } from './ls/api';
import type { RunOptions, RunsEngineApi, TaskEventCallback } from './runs-api';

export type BackendPreference = 'auto' | 'wasm' | 'webgpu';
/** `js`: a built-in that runs as plain JavaScript, no ONNX session (the entity tagger). */
export type BackendName = 'wasm' | 'webgpu' | 'js';

export interface WebGpuStatus {
  /** `fallback` = only a software adapter (SwiftShader): never chosen automatically. */
  status: 'unavailable' | 'fallback' | 'available';
  adapter?: string;
}

export interface FamilyChoice {
  id: string;
  name: string;
}

export interface EnvironmentInfo {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The WASM thread count a session gets here. */
  wasmThreads: number;
  webgpu: WebGpuStatus;
  /** Model families a bare .onnx (no metadata) can be declared as. */
  families: FamilyChoice[];
  /** Built-in text models that need no file (the entity tagger), from the family registry. */
  textBuiltins: TextBuiltinInfo[];
}

/** A built-in text model of a package family (code, no weights). */
export interface TextBuiltinInfo {
  id: string;
  name: string;
  task: string;
  license: string;
  source: string;
  kind: TextTargetKind;
}

export interface BackendInfo {
  backend: BackendName;
  /** WASM threads (WebGPU sessions still run CPU-only nodes on them). */
  threads: number;
  simd: boolean;
  adapter?: string;
  /** Why the engine did not use what was asked (e.g. WebGPU failed → WASM). */
  notice?: string;
}

export interface ConfigErrorInfo {
  message: string;
  line?: number;
  column?: number;
}

export type ConfigState =
  { ok: true; config: LabelingConfig } | { ok: false; error: ConfigErrorInfo };

/** Files dropped by the user. Task files win; media files then only resolve references. */
export interface TaskSources {
  taskFiles: SourceFile[];
  mediaFiles: SourceFile[];
}

/** A dropped file with its path inside the dropped folder (or its bare name). */
export interface SourceFile {
  file: File;
  path: string;
}

export interface TaskSummary {
  total: number;
  issues: ImportIssue[];
  /** True when the tasks were made from dropped media (no task file). */
  fromMedia: boolean;
  /** The task data key images are read from, when the config names one. */
  dataKey?: string;
  /** Web origins task media are fetched from (the service worker must allow them). */
  origins?: string[];
}

export type ModelSource =
  | { kind: 'file'; file: File }
  | { kind: 'url'; url: string }
  /** A package of the app's models/ folder (listed in models/index.json); baseUrl ends with `/`. */
  | { kind: 'builtin'; id: string; baseUrl: string }
  /** A built-in of a text family, in the worker's code (`builtin-entities`). */
  | { kind: 'text-builtin'; id: string }
  /** A dropped text model folder: paths relative to it (`manifest.json`, `onnx/model.onnx`). */
  | { kind: 'package'; name: string; files: SourceFile[] };

export interface LoadModelRequest {
  source: ModelSource;
  /** Class names for models without embedded ones: txt (one per line) or JSON list/dict. */
  labelsFile?: File;
  /** Needed when the model carries no metadata naming its family. */
  familyId?: string;
  backend: BackendPreference;
  /**
   * The app's built-in silero-vad folder (ends with `/`): a speech recogniser
   * transcribes the segments it finds for a per-region <TextArea>.
   */
  regionModelBaseUrl?: string;
}

export interface LoadProgress {
  phase: 'download' | 'cache' | 'session' | 'warmup';
  loaded?: number;
  total?: number;
  /** The file being fetched, for packages of several files (OCR). */
  file?: string;
}

/**
 * What a model predicts: image candidates of one kind, text lines (OCR,
 * `text`), or, for text models, spans, choices or a reply (TextTargetKind).
 */
export type ModelKind = VisionCandidateKind | 'text' | TextModelKind | AudioModelKind;

/** Text models (they read the task's text): the control kind they fill. */
export type TextModelKind = `text-${TextTargetKind}`;

export function isTextModelKind(kind: ModelKind): kind is TextModelKind {
  return kind.startsWith('text-');
}

/**
 * Audio models (they read the task's audio file): `audio-regions` fills a
 * <Labels> (the VAD; a recogniser with a per-region <TextArea>), `audio-choices`
 * a <Choices>, `audio-textarea` one <TextArea> for the whole file.
 */
export type AudioModelKind = 'audio-regions' | 'audio-choices' | 'audio-textarea';
export function isAudioModelKind(kind: ModelKind): kind is AudioModelKind {
  return kind.startsWith('audio-');
}
/** The control kind a text model fills; null for image models (OCR included). */
export function textKindOf(kind: ModelKind): TextTargetKind | null {
  return isTextModelKind(kind) ? (kind.slice('text-'.length) as TextTargetKind) : null;
}

export interface ModelInfo {
  /** The manifest id (built-ins) or the file name without extension. */
  id: string;
  name: string;
  fileName: string;
  kind: ModelKind;
  familyId: string;
  familyName: string;
  task: string;
  classNames: string[];
  /** `guessed`: no names in the model and no labels file (COCO names for 80 classes, else class0…). */
  classNamesSource: 'model' | 'labels-file' | 'guessed';
  inputWidth: number;
  inputHeight: number;
  defaults: DecodeOptions;
  /** Keypoint models: keypoint names in model order. */
  keypointNames?: string[];
  /** SHA-256 (hex) of the model bytes (OCR: of the detector): keys saved mappings and model_version. */
  bytesHash: string;
  /** A speech recogniser: the SHA-256 of the VAD whose segments it transcribes (in model_version). */
  regionBytesHash?: string;
  /** An image head: the backbone it runs on (Online learning's); its SHA-256 is in model_version. */
  backbone?: { name: string; sha256: string };
  license?: string;
  source?: string;
  backend: BackendInfo;
  fromCache: boolean;
  sizeBytes: number;
}

export interface RunRequest {
  /**
   * Image models: the controls that receive the predictions, each with its
   * class → label mapping (pickVisionTargets' shape, edited by the user). OCR: unused.
   */
  targets: VisionTarget[];
  /** OCR: the <Image> to read (default: the first one with an OCR target). */
  ocrImage?: string;
  options: DecodeOptions;
  /** How region scores become the task score; default `mean`. */
  scoreMethod?: ScoreAggregation;
  /** Replaces the computed model_version (runModelVersion) when set. */
  modelVersion?: string;
  /** Text models: the control filled and its class → label mapping (default: the first that fits). */
  text?: TextRunTarget;
  /**
   * Audio models: the control filled (the <Labels>, <Choices> or <TextArea>
   * on the audio object) and its class → label mapping (default: the first that fits).
   */
  audio?: AudioRunTarget;
  /** Generation models: the prompt and how replies are drawn (default: greedy, the task's text). */
  generation?: GenerationRequest;
}

/** `prelabel predict`'s --prompt, --sample/--seed/--top-k/--top-p/--temperature, --max-tokens, --stop. */
export interface GenerationRequest {
  /** A template with `$field` references to the task's data (default: its text or dialogue). */
  prompt?: string;
  strategy: 'greedy' | 'sample';
  seed?: number;
  topK?: number;
  topP?: number;
  temperature?: number;
  maxNewTokens?: number;
  /** The reply ends before the first of these. */
  stop?: string[];
}

/**
 * `regions`: a recogniser's text per VAD segment (the target is the <Labels>);
 * `whole`: one text for the file. Only the page's model_version reads it: the
 * worker takes the mode from the config, as `prelabel predict` does.
 */
export type AudioRunTarget = TextRunTarget & { mode?: 'regions' | 'whole' | 'choices' };

export interface TextRunTarget {
  fromName: string;
  toName: string;
  mapping: LabelMapping;
}

export type RunState = 'running' | 'paused' | 'done' | 'cancelled';

export interface RunProgress {
  state: RunState;
  done: number;
  total: number;
  failed: number;
  /** Over the recent tasks, paused time excluded; 0 before the first task ends. */
  tasksPerSecond: number;
  etaSeconds: number | null;
  /** The journalled run (resume it after a reload or a worker crash). */
  runId?: string;
  /** Where the model runs now: it can change mid-run (WebGPU device lost → WASM). */
  backend?: BackendInfo;
}

/** `image`: reading the task's media (an image, or an audio file's bytes); `audio`: decoding it. */
export type FailureStage = 'image' | 'audio' | 'inference' | 'validation';

export interface TaskFailure {
  index: number;
  name: string;
  stage: FailureStage;
  message: string;
}

export interface RunSummary {
  state: 'done' | 'cancelled';
  done: number;
  total: number;
  failures: TaskFailure[];
  seconds: number;
  /** The model_version the predictions carry. */
  modelVersion?: string;
  runId?: string;
  /** Why the run stopped before the end on its own (e.g. the browser storage is full). */
  stopReason?: string;
}

export type TaskImage = { kind: 'file'; file: File } | { kind: 'url'; url: string };

/** A brush region ready to draw: painted by the worker, cropped to the region, maybe downscaled. */
export interface PreviewMask {
  resultId: string;
  /** Transferred, not copied; the page closes it when replaced. */
  bitmap: ImageBitmap;
  /** Where the bitmap goes, in percent of the image. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TaskView {
  index: number;
  total: number;
  name: string;
  image: TaskImage | null;
  status: 'pending' | 'done' | 'failed';
  results: LsResult[];
  /** Brush results decoded in the worker (RLE → bitmap), by result id. */
  masks?: PreviewMask[];
  /** Text projects: what the text object shows (a dialogue as `author: text` lines). */
  text?: TaskText;
  /** Audio projects: the audio object and the task's file (a dropped file or its URL). */
  audio?: TaskAudio;
  score?: number;
  failure?: TaskFailure;
}

export interface TaskText {
  /** The object tag's name (`text`). */
  object: string;
  /** Its code points are what span offsets count. */
  value: string;
  /**
   * Result id → [start, end) code points of `value`, for spans whose result
   * names no such offsets (XPaths on a <HyperText>, paragraphs of a dialogue).
   */
  offsets?: Record<string, [number, number]>;
}

export interface TaskAudio {
  /** The object tag's name (`audio`). */
  object: string;
  source: TaskImage;
}
/**
 * An audio file drawn as `columns` min/max pairs of its 16 kHz mono samples
 * (decoded and reduced in the worker: the page never holds the samples).
 */
export interface Waveform {
  min: Float32Array;
  max: Float32Array;
  durationSeconds: number;
}
export type ExportFormat = 'tasks-with-predictions' | 'predictions-only' | 'annotations';

/** How an export file is written, beyond its format. */
export interface ExportFileOptions {
  /** Put before bare media file names (e.g. `/data/local-files/?d=photos/`); '' or absent: none. */
  mediaPrefix?: string;
}

export interface ExportedFile {
  blob: Blob;
  fileName: string;
  /** Records written. */
  written: number;
  /** Tasks left out: not run or failed, or (predictions-only) without a Label Studio id. */
  skipped: number;
  /** The first few reasons for leaving tasks out. */
  skippedReasons: string[];
}

export type Callback<T> = (value: T) => void;

/** The ls* methods (Label Studio server) are declared in ls/api.ts, the learn* ones in learn/api.ts. */
export interface EngineApi extends LsEngineApi, RunsEngineApi, LearnEngineApi {
  environment(): Promise<EnvironmentInfo>;
  setConfig(xml: string): Promise<ConfigState>;
  /** Imports with the current config's data key; call again after the config changes. */
  setTaskSources(sources: TaskSources): Promise<TaskSummary>;
  /** Rejects with a message meant for the user when the model cannot be used. */
  loadModel(request: LoadModelRequest, onProgress?: Callback<LoadProgress>): Promise<ModelInfo>;
  /** `options`: resume a journalled run; `onTaskEvent`: which task is in flight (crash ledger, watchdog). */
  run(
    request: RunRequest,
    onProgress: Callback<RunProgress>,
    options?: RunOptions,
    onTaskEvent?: TaskEventCallback,
  ): Promise<RunSummary>;
  /** Re-runs only the tasks that failed in earlier runs, with the last run's settings. */
  retryFailed(onProgress: Callback<RunProgress>): Promise<RunSummary>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  getTaskView(index: number): Promise<TaskView>;
  /** An audio task's waveform in `columns` min/max pairs; rejects naming the file when it cannot be decoded. */
  getWaveform(index: number, columns: number): Promise<Waveform>;
  exportFile(format: ExportFormat, options?: ExportFileOptions): Promise<ExportedFile>;
  /** The predicted tasks in the order to label them: the next `k`, with a score histogram. */
  labelNext(options: LabelNextOptions): Promise<LabelNextList>;
}
