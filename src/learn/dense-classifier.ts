// Transfer-learning head: the same regression on dense feature vectors (e.g.
// an image backbone's pooled penultimate output), standardised per dimension.
import { base64ToFloat32, float32ToBase64 } from './base64';
import {
  deserializeModel,
  HEAD_FORMAT,
  HEAD_FORMAT_VERSION,
  modelVersionFor,
  serializeModel,
  type BackboneRef,
  type DenseHead,
} from './head';
import { indexLabels } from './label-index';
import type { DenseRows } from './matrix';
import { predictRow, trainModel, type Model } from './model';
import type { TextPrediction, TrainTextOptions } from './text-classifier';

export type TrainDenseOptions = Pick<
  TrainTextOptions,
  'labels' | 'multiple' | 'C' | 'hidden' | 'seed' | 'lbfgs'
> & { backbone?: BackboneRef };

export interface Standardizer {
  mean: Float32Array;
  scale: Float32Array;
}

/** Labels as one name per example, or a list per example. */
export type DenseLabels = readonly (string | readonly string[])[];

const asLists = (labels: DenseLabels) => labels.map((l) => (typeof l === 'string' ? [l] : [...l]));

function checkFeatures(features: readonly ArrayLike<number>[]): number {
  const dimension = features[0]?.length ?? 0;
  features.forEach((f, i) => {
    if (f.length !== dimension) {
      throw new Error(`feature vector ${i + 1} has ${f.length} values, the first has ${dimension}`);
    }
    for (let j = 0; j < f.length; j++) {
      if (!Number.isFinite(f[j]))
        throw new Error(`feature vector ${i + 1}: value ${j} is not a finite number`);
    }
  });
  return dimension;
}

export function fitStandardizer(
  features: readonly ArrayLike<number>[],
  dimension: number,
): Standardizer {
  const mean = new Float64Array(dimension);
  const sq = new Float64Array(dimension);
  for (const f of features)
    for (let j = 0; j < dimension; j++) mean[j] = (mean[j] as number) + (f[j] as number);
  for (let j = 0; j < dimension; j++) mean[j] = (mean[j] as number) / Math.max(1, features.length);
  for (const f of features) {
    for (let j = 0; j < dimension; j++) {
      const d = (f[j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + d * d;
    }
  }
  const scale = new Float32Array(dimension);
  for (let j = 0; j < dimension; j++) {
    const std = Math.sqrt((sq[j] as number) / Math.max(1, features.length));
    scale[j] = std > 1e-8 ? 1 / std : 1; // constant features stay as they are (centred to 0)
  }
  return { mean: Float32Array.from(mean), scale };
}

export function standardize(features: readonly ArrayLike<number>[], s: Standardizer): DenseRows {
  const cols = s.mean.length;
  const data = new Float32Array(features.length * cols);
  features.forEach((f, i) => {
    for (let j = 0; j < cols; j++)
      data[i * cols + j] = ((f[j] as number) - (s.mean[j] as number)) * (s.scale[j] as number);
  });
  return { kind: 'dense', rows: features.length, cols, data };
}

export interface FittedDense {
  standardizer: Standardizer;
  model: Model;
  iterations: number;
  converged: boolean;
}

export function fitDense(
  features: readonly ArrayLike<number>[],
  targets: readonly number[][],
  labelCount: number,
  options: TrainDenseOptions,
): FittedDense {
  const dimension = features[0]?.length ?? 0;
  const standardizer = fitStandardizer(features, dimension);
  const trained = trainModel(standardize(features, standardizer), targets, {
    labelCount,
    multiple: options.multiple ?? false,
    C: options.C ?? 10,
    hidden: options.hidden ?? 0,
    seed: options.seed ?? 0,
    ...(options.lbfgs ? { lbfgs: options.lbfgs } : {}),
  });
  trained.model.params = Float64Array.from(Float32Array.from(trained.model.params));
  return { standardizer, ...trained };
}

/** Trains a head on feature vectors (one per example) and their labels. */
export function trainDense(
  features: readonly ArrayLike<number>[],
  labels: DenseLabels,
  options: TrainDenseOptions = {},
): DenseHead {
  if (features.length !== labels.length) {
    throw new Error(`${features.length} feature vectors but ${labels.length} label entries`);
  }
  const dimension = checkFeatures(features);
  const multiple = options.multiple ?? false;
  const set = indexLabels(asLists(labels), options.labels, multiple);
  if (set.kept.length === 0)
    throw new Error(`no training example with a known label (${labels.length} given)`);
  const kept = set.kept.map((i) => features[i] as ArrayLike<number>);
  const fitted = fitDense(kept, set.targets, set.labels.length, options);
  const learner = 'dense-logreg';
  return {
    format: HEAD_FORMAT,
    formatVersion: HEAD_FORMAT_VERSION,
    learner,
    modelVersion: modelVersionFor(learner, kept.length),
    labels: set.labels,
    multiple,
    annotationCount: kept.length,
    createdAt: new Date().toISOString(),
    features: {
      kind: 'dense',
      dimension,
      mean: float32ToBase64(fitted.standardizer.mean),
      scale: float32ToBase64(fitted.standardizer.scale),
      ...(options.backbone ? { backbone: options.backbone } : {}),
    },
    model: serializeModel(fitted.model),
    training: {
      C: options.C ?? 10,
      hidden: options.hidden ?? 0,
      seed: options.seed ?? 0,
      iterations: fitted.iterations,
      converged: fitted.converged,
      skipped: set.skipped,
    },
  };
}

const runtimes = new WeakMap<DenseHead, { standardizer: Standardizer; model: Model }>();

export function denseRuntime(head: DenseHead): { standardizer: Standardizer; model: Model } {
  let r = runtimes.get(head);
  if (!r) {
    r = {
      standardizer: {
        mean: base64ToFloat32(head.features.mean),
        scale: base64ToFloat32(head.features.scale),
      },
      model: deserializeModel(head.model, head.labels.length),
    };
    runtimes.set(head, r);
  }
  return r;
}

/** Per-label probabilities of one feature vector. */
export function predictDense(head: DenseHead, features: ArrayLike<number>): TextPrediction {
  if (features.length !== head.features.dimension) {
    throw new Error(`the head expects ${head.features.dimension} features, got ${features.length}`);
  }
  const r = denseRuntime(head);
  return {
    labels: [...head.labels],
    probabilities: predictRow(r.model, standardize([features], r.standardizer), 0),
  };
}
