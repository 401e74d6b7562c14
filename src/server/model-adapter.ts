// Every use of the shared predictor by the server goes through this file (the
// CLI's createPredictor for image models, createPackagePredictor for text
// ones: the same code the worker and `prelabel predict` run on
// onnxruntime-node). A model is loaded once per (model, labeling config) and
// reused by every request.
import { createHash } from 'node:crypto';
import { findObject, parseLabelingConfig } from '../core/config';
import type { LsResult } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import type { AudioStream, Modality, RgbaImage } from '../models/types';
import { packageDir, resolveModelFiles } from '../cli/load-model';
import type { GenerationArgs, PredictArgs } from '../cli/predict-args';
import { createPredictor } from '../cli/predictors/create-predictor';
import { createPackagePredictor, openCliPackage } from '../cli/predictors/package';
import type { PackageTaskPredictor, Predictor, TaskPrediction } from '../cli/predictors/types';
import { BrokenPackageError, builtinPackages, recognisePackage } from '../models/registry';
import { readPackageSource } from '../models/predictor/node-package';
import type { SpeechOptions } from '../models/shared/speech-options';

/** The model options of `prelabel serve` (the same meaning as in `prelabel predict`). */
export interface ServeModelOptions {
  model: string;
  labels?: string;
  family?: string;
  target?: string;
  conf?: number;
  iou?: number;
  maxDet?: number;
  map?: string;
  modelVersion?: string;
  /** Image heads: the backbone ONNX the head was trained on. */
  backbone?: string;
  /** Text generation: a prompt template over the task's fields, and sampling. */
  prompt?: string;
  generation?: GenerationArgs;
  /** Whisper: language and task (the token limit is `generation.maxNewTokens`). */
  speech?: SpeechOptions;
}

export interface ModelTaskResult {
  result: LsResult[];
  score?: number;
  /** Why the prediction is incomplete or empty (logged, not sent). */
  problems: string[];
}

/** What the backend fetched for a task, by the model's modality. */
export type TaskMedia = RgbaImage | AudioStream | undefined;

export interface ServePredictor {
  modelVersion: string;
  description: string;
  /** What the model reads: an image or audio file is fetched per task; text comes in its data. */
  modality: Modality;
  /** The task data key holding what the model reads (the image or audio URL, the text). */
  dataKey: string | undefined;
  /** `media`: the task's decoded image, or its audio file; undefined for text models. */
  predict(media: TaskMedia, task: LsTask, taskIndex: number): Promise<ModelTaskResult>;
  release(): Promise<void>;
}

function asPredictArgs(options: ServeModelOptions): PredictArgs {
  return {
    config: '',
    tasks: '',
    out: '',
    format: 'tasks',
    backend: 'node',
    model: options.model,
    labels: options.labels,
    family: options.family,
    target: options.target,
    conf: options.conf,
    iou: options.iou,
    maxDet: options.maxDet,
    map: options.map,
    modelVersion: options.modelVersion,
    ...(options.backbone !== undefined ? { backbone: options.backbone } : {}),
    ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
    ...(options.generation ? { generation: options.generation } : {}),
    ...(options.speech ? { speech: options.speech } : {}),
  };
}

/**
 * What `--model` reads, from its files alone (no session opened): a built-in
 * or a folder a text/audio family recognises, else an image model. A broken
 * package counts as its family's; opening it names the cause.
 */
export async function modelModality(spec: string): Promise<Modality> {
  const builtin = builtinPackages[spec];
  if (builtin) return builtin.family.modality;
  try {
    const source = await readPackageSource((await packageDir(spec)) ?? spec);
    const found = source ? recognisePackage(source.listing) : null;
    return found?.family.modality ?? 'image';
  } catch (error) {
    if (error instanceof BrokenPackageError) return error.family.modality;
    return 'image';
  }
}

/** Runs the model one task at a time; fetching and decoding of other requests go on meanwhile. */
function oneAtATime(
  run: (media: TaskMedia, task: LsTask, i: number) => Promise<TaskPrediction>,
): ServePredictor['predict'] {
  let turn: Promise<unknown> = Promise.resolve();
  return (media, task, taskIndex) => {
    const next = turn.then(async (): Promise<ModelTaskResult> => {
      const built = await run(media, task, taskIndex);
      return {
        result: built.prediction.result,
        ...(built.prediction.score !== undefined ? { score: built.prediction.score } : {}),
        problems: built.issues.map((issue) => issue.message),
      };
    });
    turn = next.catch(() => undefined);
    return next;
  };
}

async function openPredictor(
  options: ServeModelOptions,
  labelConfig: string,
): Promise<ServePredictor> {
  const config = parseLabelingConfig(labelConfig);
  const args = asPredictArgs(options);
  const packaged = await openCliPackage(args);
  if (packaged) {
    const inner: PackageTaskPredictor = await createPackagePredictor(packaged, config, args);
    return {
      modelVersion: inner.modelVersion,
      description: inner.description,
      modality: inner.modality,
      dataKey: findObject(config, inner.object)?.dataKey,
      // Text models read the task's data; audio models and image heads the fetched file.
      predict: oneAtATime((media, task, i) =>
        inner.predict(task, i, inner.modality === 'text' ? undefined : media),
      ),
      release: () => inner.release(),
    };
  }
  const files = await resolveModelFiles(options.model);
  const inner: Predictor = await createPredictor(files, config, args);
  return {
    modelVersion: inner.modelVersion,
    description: inner.description,
    modality: 'image',
    dataKey: findObject(config, inner.imageObject)?.dataKey,
    predict: oneAtATime((image, task, i) => {
      if (!image) throw new Error('no image');
      return inner.predict(image as RgbaImage, task, i);
    }),
    release: () => inner.release(),
  };
}

/** Loaded predictors by (model options, labeling config). */
export class PredictorCache {
  private readonly loaded = new Map<string, Promise<ServePredictor>>();

  constructor(
    readonly options: ServeModelOptions,
    private readonly onLoaded: (predictor: ServePredictor, ms: number) => void = () => {},
  ) {}

  get(labelConfig: string): Promise<ServePredictor> {
    const key = createHash('sha256')
      .update(JSON.stringify(this.options))
      .update('\0')
      .update(labelConfig)
      .digest('hex');
    let found = this.loaded.get(key);
    if (!found) {
      const started = performance.now();
      found = openPredictor(this.options, labelConfig);
      void found.then(
        (p) => this.onLoaded(p, performance.now() - started),
        () => undefined,
      );
      // A config the model does not fit is not cached: the next /setup may bring a fixed one.
      void found.catch(() => this.loaded.delete(key));
      this.loaded.set(key, found);
    }
    return found;
  }

  async releaseAll(): Promise<void> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.allSettled(all.map(async (p) => (await p).release()));
  }
}
