// The simulated annotator: start from a few random labels, let a strategy pick
// the next batch from the unlabelled pool, "label" it from the ground truth,
// retrain, and score the held-out test set after every batch.
import { rankTasks, type RankInput, type Strategy } from '../../src/core/active/rank';
import { badgePicks } from './badge';
import { densityPicks } from './density';
import { typiclustPicks } from './typiclust';
import { createRng, shuffled } from '../../src/core/random/rng';
import type { CurvePoint } from './curves';
import { fitCommittee, type Fitted, type SimLearner } from './learners';

export const SIM_STRATEGIES = [
  'random',
  'least-confidence',
  'margin',
  'entropy',
  'committee',
  'diversity',
  'cluster-margin',
] as const satisfies readonly Strategy[];
/** Tried in the bench only (not rankTasks strategies): see README. */
export const BENCH_ONLY_STRATEGIES = [
  'badge',
  'density-margin',
  'density-entropy',
  'typiclust',
] as const;
export type SimStrategy = (typeof SIM_STRATEGIES)[number] | (typeof BENCH_ONLY_STRATEGIES)[number];

export interface Split {
  pool: number[];
  test: number[];
}

/** Per seed: `testSize` items held out, the rest the pool to label from. */
export function splitFor(count: number, testSize: number, seed: number): Split {
  const order = shuffled(
    Array.from({ length: count }, (_, i) => i),
    createRng(seed),
  );
  return { test: order.slice(0, testSize), pool: order.slice(testSize) };
}

export function accuracyOf(learner: SimLearner, fitted: Fitted, test: readonly number[]): number {
  let correct = 0;
  for (const i of test) {
    const p = fitted.predict(i);
    if (p.indexOf(Math.max(...p)) === learner.truth[i]) correct++;
  }
  return correct / test.length;
}

export interface SimOptions {
  strategy: SimStrategy;
  batch: number;
  start: number;
  budget: number;
  seed: number;
  committeeSize: number;
  /** Cluster-margin's candidates per pick (unset: its default). */
  poolFactor?: number;
}

/** The first `start` labels: random, but with at least two classes so every strategy has a model to ask. */
export function startingLabels(
  learner: SimLearner,
  pool: readonly number[],
  start: number,
  seed: number,
): number[] {
  const order = shuffled(pool, createRng(seed + 7919));
  const first = order.slice(0, start);
  if (new Set(first.map((i) => learner.truth[i])).size < 2) {
    const other = order.find((i) => learner.truth[i] !== learner.truth[first[0] as number]);
    if (other !== undefined) first[first.length - 1] = other;
  }
  return first;
}

function inputsFor(
  learner: SimLearner,
  fitted: Fitted,
  unlabelled: readonly number[],
  options: SimOptions,
  labelled: readonly number[],
): RankInput[] {
  const { strategy } = options;
  if (strategy === 'random') return unlabelled.map((id) => ({ id }));
  if (strategy === 'committee') {
    const members = fitCommittee(
      learner,
      labelled,
      options.committeeSize,
      options.seed * 131 + labelled.length,
    );
    return unlabelled.map((id) => ({ id, committee: members.map((m) => m.predict(id)) }));
  }
  return unlabelled.map((id) => ({
    id,
    probabilities: fitted.predict(id),
    ...(strategy === 'diversity' || strategy === 'cluster-margin'
      ? { features: fitted.features(id) }
      : {}),
  }));
}

/** One run: the accuracy curve from `start` labels up to `budget`. */
export function simulate(learner: SimLearner, split: Split, options: SimOptions): CurvePoint[] {
  const labelled = startingLabels(learner, split.pool, options.start, options.seed);
  const taken = new Set(labelled);
  const curve: CurvePoint[] = [];
  for (;;) {
    const fitted = learner.fit(labelled);
    curve.push({ labels: labelled.length, accuracy: accuracyOf(learner, fitted, split.test) });
    const k = Math.min(options.batch, options.budget - labelled.length);
    const unlabelled = split.pool.filter((i) => !taken.has(i));
    if (k <= 0 || unlabelled.length === 0) return curve;
    if (options.strategy === 'typiclust') {
      // The whole pool, labelled included: its clusters are where labels are missing.
      const taken0 = new Set(split.pool.flatMap((i, n) => (taken.has(i) ? [n] : [])));
      const rows = typiclustPicks(
        split.pool.map((i) => fitted.features(i)),
        taken0,
        k,
        createRng(options.seed * 1009 + labelled.length),
      );
      for (const r of rows) {
        labelled.push(split.pool[r]!);
        taken.add(split.pool[r]!);
      }
      continue;
    }
    const density = options.strategy === 'density-margin' || options.strategy === 'density-entropy';
    if (
      options.strategy === 'badge' ||
      options.strategy === 'density-margin' ||
      options.strategy === 'density-entropy'
    ) {
      const probabilities = unlabelled.map((i) => fitted.predict(i));
      const rows = density
        ? densityPicks(
            probabilities,
            unlabelled.map((i) => fitted.features(i)),
            k,
            options.strategy === 'density-entropy' ? 'entropy' : 'margin',
          )
        : badgePicks(
            probabilities,
            unlabelled.map((i) => fitted.features(i) as ArrayLike<number>),
            k,
            createRng(options.seed * 1009 + labelled.length),
          );
      for (const r of rows) {
        labelled.push(unlabelled[r]!);
        taken.add(unlabelled[r]!);
      }
      continue;
    }
    const items = inputsFor(learner, fitted, unlabelled, options, labelled);
    const picks = rankTasks(items, {
      strategy: options.strategy,
      k,
      seed: options.seed * 1009 + labelled.length,
      ...(options.strategy === 'diversity'
        ? { labelledFeatures: labelled.map((i) => fitted.features(i)) }
        : {}),
      ...(options.strategy === 'cluster-margin' && options.poolFactor !== undefined
        ? { poolFactor: options.poolFactor }
        : {}),
    });
    for (const p of picks.slice(0, k)) {
      labelled.push(p.id as number);
      taken.add(p.id as number);
    }
  }
}
