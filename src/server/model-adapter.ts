// Every use of the shared predictor by the server goes through this file (the
// CLI's createPredictor: openModel + predictTask on onnxruntime-node, the same
// code the worker and `prelabel predict` run). A model is loaded once per
// (model, labeling config) and reused by every request.
import { createHash } from 'node:crypto';
import { findObject, parseLabelingConfig } from '../core/config';
import type { LsResult } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import type { RgbaImage } from '../models/types';
import { resolveModelFiles } from '../cli/load-model';
import type { PredictArgs } from '../cli/predict-args';
import { createPredictor } from '../cli/predictors/create-predictor';
import type { Predictor } from '../cli/predictors/types';

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
}

export interface ModelTaskResult {
  result: LsResult[];
  score?: number;
  /** Why the prediction is incomplete or empty (logged, not sent). */
  problems: string[];
}

export interface ServePredictor {
  modelVersion: string;
  description: string;
  /** The task data key holding the image the model reads. */
  dataKey: string | undefined;
  predict(image: RgbaImage, task: LsTask, taskIndex: number): Promise<ModelTaskResult>;
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
  };
}

async function openPredictor(
  options: ServeModelOptions,
  labelConfig: string,
): Promise<ServePredictor> {
  const config = parseLabelingConfig(labelConfig);
  const files = await resolveModelFiles(options.model);
  const args = asPredictArgs(options);
  const inner: Predictor = await createPredictor(files, config, args);
  // One session.run at a time per model; image fetching and decoding of the
  // other requests go on meanwhile (the CLI's decode/infer overlap).
  let turn: Promise<unknown> = Promise.resolve();
  return {
    modelVersion: inner.modelVersion,
    description: inner.description,
    dataKey: findObject(config, inner.imageObject)?.dataKey,
    predict(image, task, taskIndex) {
      const run = turn.then(async (): Promise<ModelTaskResult> => {
        const built = await inner.predict(image, task, taskIndex);
        return {
          result: built.prediction.result,
          ...(built.prediction.score !== undefined ? { score: built.prediction.score } : {}),
          problems: built.issues.map((issue) => issue.message),
        };
      });
      turn = run.catch(() => undefined);
      return run;
    },
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
