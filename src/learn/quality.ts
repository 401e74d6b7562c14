// An honest estimate of a head's quality on the annotations so far: the model
// is retrained without the examples it is scored on. Few examples (≤ 20):
// leave-one-out; more: stratified k-fold (default 5); above `holdOutAbove`
// (opt-in; the app's learner uses 2,000): one stratified 20 % hold-out, one
// training instead of five. Each fold is one step of a generator, so the
// engine worker can run the estimate between its other work.
import { fitDense, type DenseLabels, type TrainDenseOptions } from './dense-classifier';
import { indexLabels } from './label-index';
import { predictRow } from './model';
import { decide, scoreSets } from './metrics';
import { createRng, shuffled } from '../core/random/rng';
import { standardize } from './dense-classifier';
import {
  fitPrepared,
  predictCounts,
  prepareText,
  type TextExample,
  type TrainTextOptions,
} from './text-classifier';

export interface QualityEstimate {
  method: 'k-fold' | 'leave-one-out' | 'held-out' | 'none';
  /** Models trained to score (1 for a hold-out). */
  folds: number;
  /** Examples scored (each once, by a model that did not see it). */
  examples: number;
  accuracy: number | null;
  macroF1: number | null;
  /** Why there is no estimate (method "none"). */
  reason?: string;
}

export interface QualityOptions {
  /** k of k-fold; default 5. */
  folds?: number;
  /** At or below this many examples, leave-one-out; default 20. */
  leaveOneOutUpTo?: number;
  /**
   * Above this many examples, one stratified 20 % hold-out (fold 0 of a
   * stratified 5-fold split) instead of k-fold; default: never.
   */
  holdOutAbove?: number;
}

/** Fold number of each example, stratified by its first label (deterministic for a seed). */
export function assignFolds(targets: readonly number[][], folds: number, seed: number): number[] {
  const rng = createRng(seed);
  const groups = new Map<number, number[]>();
  targets.forEach((t, i) => {
    const key = t[0] ?? -1;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const fold = new Array<number>(targets.length).fill(0);
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    for (const i of shuffled(groups.get(key) as number[], rng)) fold[i] = next++ % folds;
  }
  return fold;
}

/** Runs a step generator to its end (the synchronous form of an estimate). */
export function runSteps<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Cross-validates any learner, one fold per step: `fitPredict(train, test)`
 * trains on the example indices `train` and returns per-label probabilities
 * for each of `test`.
 */
export function* crossValidateSteps(
  targets: readonly number[][],
  multiple: boolean,
  seed: number,
  options: QualityOptions,
  fitPredict: (train: number[], test: number[]) => number[][],
): Generator<void, QualityEstimate> {
  const n = targets.length;
  if (n < 2) {
    return {
      method: 'none',
      folds: 0,
      examples: n,
      accuracy: null,
      macroF1: null,
      reason: `${n} annotation(s): at least 2 are needed`,
    };
  }
  const loo = n <= (options.leaveOneOutUpTo ?? 20);
  const holdOut = !loo && n > (options.holdOutAbove ?? Infinity);
  const k = loo ? n : holdOut ? 5 : Math.min(options.folds ?? 5, n);
  const fold = loo ? targets.map((_, i) => i) : assignFolds(targets, k, seed);
  const predicted: number[][] = new Array<number[]>(n);
  for (let f = 0; f < (holdOut ? 1 : k); f++) {
    const test = fold.flatMap((g, i) => (g === f ? [i] : []));
    if (!test.length) continue;
    const train = fold.flatMap((g, i) => (g === f ? [] : [i]));
    fitPredict(train, test).forEach((p, j) => (predicted[test[j] as number] = decide(p, multiple)));
    yield;
  }
  // In example order, as before (scoring order changes the float sums).
  const scored = targets.flatMap((_, i) => (predicted[i] ? [i] : []));
  const { accuracy, macroF1 } = scoreSets(
    scored.map((i) => targets[i] as number[]),
    scored.map((i) => predicted[i] as number[]),
  );
  if (holdOut) return { method: 'held-out', folds: 1, examples: scored.length, accuracy, macroF1 };
  return { method: loo ? 'leave-one-out' : 'k-fold', folds: k, examples: n, accuracy, macroF1 };
}

/** crossValidateSteps run to its end. */
export function crossValidate(
  targets: readonly number[][],
  multiple: boolean,
  seed: number,
  options: QualityOptions,
  fitPredict: (train: number[], test: number[]) => number[][],
): QualityEstimate {
  return runSteps(crossValidateSteps(targets, multiple, seed, options, fitPredict));
}

/**
 * estimateQuality one fold per step. The texts' counts are prepared (hashed,
 * or taken from `options.featureCache`) once, here, and shared by every fold.
 */
export function estimateQualitySteps(
  examples: readonly TextExample[],
  options: TrainTextOptions & QualityOptions = {},
): Generator<void, QualityEstimate> {
  const prepared = prepareText(examples, options);
  // Every fold model starts from zeros: a warm start from the full head would
  // leak the held-out examples it saw.
  const { warmStart: _leaky, ...cold } = options;
  return crossValidateSteps(
    prepared.targets,
    prepared.multiple,
    options.seed ?? 0,
    options,
    (train, test) => {
      const fitted = fitPrepared(prepared, cold, train);
      return test.map((i) => predictCounts(fitted, prepared.counts[i] as Map<number, number>));
    },
  );
}

/** Quality of `trainTextClassifier(examples, options)`, by cross-validation. */
export function estimateQuality(
  examples: readonly TextExample[],
  options: TrainTextOptions & QualityOptions = {},
): QualityEstimate {
  return runSteps(estimateQualitySteps(examples, options));
}

/** Quality of `trainDense(features, labels, options)`, by cross-validation. */
export function estimateDenseQuality(
  features: readonly ArrayLike<number>[],
  labels: DenseLabels,
  options: TrainDenseOptions & QualityOptions = {},
): QualityEstimate {
  const multiple = options.multiple ?? false;
  const set = indexLabels(
    labels.map((l) => (typeof l === 'string' ? [l] : [...l])),
    options.labels,
    multiple,
  );
  const kept = set.kept.map((i) => features[i] as ArrayLike<number>);
  return crossValidate(set.targets, multiple, options.seed ?? 0, options, (train, test) => {
    const fitted = fitDense(
      train.map((i) => kept[i] as ArrayLike<number>),
      train.map((i) => set.targets[i] as number[]),
      set.labels.length,
      { ...options, multiple },
    );
    const x = standardize(
      test.map((i) => kept[i] as ArrayLike<number>),
      fitted.standardizer,
    );
    return test.map((_, j) => predictRow(fitted.model, x, j));
  });
}
