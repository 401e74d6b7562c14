// Which tasks to label next. Every strategy orders tasks by one number with
// Label Studio's meaning of a prediction score (lower = less certain = sooner)
// or, for `diversity` and `cluster-margin`, picks a batch that is both
// uncertain and spread out.
import { certaintyOf, multiLabelCertainty, type CertaintyMeasure } from './certainty';
import { CLUSTER_MARGIN_POOL_FACTOR, clusterMarginPicks } from './cluster-margin';
import { committeeAgreement } from './committee';
import { kCenterGreedy } from './diversity';
import { createRng, shuffled } from '../random/rng';
import { vectorLength, type Vector } from './vectors';

export type Strategy =
  CertaintyMeasure | 'score' | 'committee' | 'diversity' | 'cluster-margin' | 'random';

export const STRATEGIES: readonly Strategy[] = [
  'score',
  'least-confidence',
  'margin',
  'entropy',
  'committee',
  'diversity',
  'cluster-margin',
  'random',
];

export interface RankInput {
  /** Task id (or index in the run). */
  id: string | number;
  /** The prediction's task score, 0..1, lower = less certain (any model's). */
  score?: number;
  /** A classifier's per-class distribution. */
  probabilities?: readonly number[];
  /**
   * The measures already computed from the whole distribution, for a family
   * that keeps only its likeliest classes (image classifiers keep the margin
   * and entropy of all 1,000 classes with each class candidate).
   */
  certainties?: Partial<Record<CertaintyMeasure, number>>;
  /** `probabilities` are independent per-label sigmoids (Choices choice="multiple"). */
  multiLabel?: boolean;
  /** Bootstrapped heads' distributions for the same task. */
  committee?: readonly (readonly number[])[];
  /** The learner's feature vector (diversity). */
  features?: Vector;
  /** Cluster id to pass on to Label Studio. */
  cluster?: number;
}

export interface RankOptions {
  strategy: Strategy;
  /** How many to return (all by default; `diversity` and `cluster-margin` default to 50). */
  k?: number;
  seed?: number;
  /** Features of tasks already labelled (diversity keeps away from them). */
  labelledFeatures?: readonly Vector[];
  /**
   * Diversity picks among the `poolFactor × k` least certain tasks (default
   * 10), cluster-margin among the `poolFactor × k` smallest margins (default 2).
   */
  poolFactor?: number;
}

export interface RankedTask {
  id: string | number;
  /** 1-based position in the order to label. */
  rank: number;
  /** The certainty the order used (null for tasks with nothing to go on). */
  certainty: number | null;
  cluster?: number;
  reason: string;
}

export class RankInputError extends Error {}

function certaintyFor(item: RankInput, strategy: Strategy): number | null {
  if (strategy === 'committee') {
    return item.committee && item.committee.length >= 2 ? committeeAgreement(item.committee) : null;
  }
  if (strategy !== 'score') {
    const measure: CertaintyMeasure =
      strategy === 'margin' || strategy === 'entropy' ? strategy : 'least-confidence';
    const given = item.certainties?.[measure];
    if (typeof given === 'number' && Number.isFinite(given)) return given;
    if (item.probabilities && item.probabilities.length > 0) {
      if (item.multiLabel) return multiLabelCertainty(item.probabilities);
      return certaintyOf(item.probabilities, measure);
    }
  }
  return typeof item.score === 'number' && Number.isFinite(item.score) ? item.score : null;
}

function describe(strategy: Strategy, certainty: number | null): string {
  if (certainty === null) return 'no score: nothing to rank it by';
  const c = certainty.toFixed(3);
  switch (strategy) {
    case 'committee':
      return `committee agreement ${c}`;
    case 'margin':
      return `margin between the two likeliest classes ${c}`;
    case 'entropy':
      return `certainty by entropy ${c}`;
    case 'least-confidence':
      return `top-class certainty ${c}`;
    default:
      return `prediction score ${c}`;
  }
}

/** Least certain first; unscored tasks last; ties keep the input order. */
function byCertainty(items: readonly RankInput[], strategy: Strategy) {
  return items
    .map((item, order) => ({ item, order, certainty: certaintyFor(item, strategy) }))
    .sort((a, b) => {
      if (a.certainty === null || b.certainty === null) {
        if (a.certainty === b.certainty) return a.order - b.order;
        return a.certainty === null ? 1 : -1;
      }
      return a.certainty - b.certainty || a.order - b.order;
    });
}

function ranked(
  entries: { item: RankInput; certainty: number | null; reason?: string }[],
  strategy: Strategy,
): RankedTask[] {
  return entries.map(({ item, certainty, reason }, i) => ({
    id: item.id,
    rank: i + 1,
    certainty,
    ...(item.cluster !== undefined ? { cluster: item.cluster } : {}),
    reason: reason ?? describe(strategy, certainty),
  }));
}

function requireFeatures(items: readonly RankInput[], strategy: Strategy): void {
  const missing = items.find((i) => !i.features || vectorLength(i.features) === 0);
  if (missing) {
    throw new RankInputError(
      `${strategy} needs a feature vector for every task (task ${String(missing.id)} has none)`,
    );
  }
}

function diversityBatch(items: readonly RankInput[], options: RankOptions): RankedTask[] {
  const k = options.k ?? 50;
  requireFeatures(items, 'diversity');
  // Uncertain first (by probabilities or score), then spread within that pool.
  const ordered = byCertainty(items, 'least-confidence');
  const pool = ordered.slice(0, Math.max(k, (options.poolFactor ?? 10) * k));
  const picks = kCenterGreedy(
    pool.map((p) => p.item.features as Vector),
    k,
    options.labelledFeatures ?? [],
  );
  return ranked(
    picks.map((i, n) => {
      const entry = pool[i]!;
      const first = n === 0 && !options.labelledFeatures?.length;
      const why = first
        ? 'least certain of the pool'
        : 'farthest from the tasks labelled or picked';
      return { ...entry, reason: `${why}; ${describe('least-confidence', entry.certainty)}` };
    }),
    'diversity',
  );
}

function clusterMarginBatch(items: readonly RankInput[], options: RankOptions): RankedTask[] {
  const k = options.k ?? 50;
  requireFeatures(items, 'cluster-margin');
  const ordered = byCertainty(items, 'margin');
  const factor = options.poolFactor ?? CLUSTER_MARGIN_POOL_FACTOR;
  const pool = ordered.slice(0, Math.max(k, Math.ceil(factor * k)));
  const picks = clusterMarginPicks(
    pool.map((p, order) => ({ order, features: p.item.features as Vector })),
    k,
    options.seed ?? 0,
  );
  return ranked(
    picks.map(({ index, cluster, clusterSize }) => {
      const entry = pool[index]!;
      const where = `cluster ${cluster + 1} of the ${pool.length} least certain (${clusterSize} there)`;
      // Without a class distribution (a predictions file) the margin falls back to the score.
      const item = entry.item;
      const byMargin = typeof item.certainties?.margin === 'number' || !!item.probabilities?.length;
      return {
        ...entry,
        reason: `${where}; ${describe(byMargin ? 'margin' : 'score', entry.certainty)}`,
      };
    }),
    'cluster-margin',
  );
}

export function rankTasks(items: readonly RankInput[], options: RankOptions): RankedTask[] {
  const { strategy } = options;
  if (!STRATEGIES.includes(strategy)) {
    throw new RankInputError(
      `unknown strategy "${String(strategy)}" (known: ${STRATEGIES.join(', ')})`,
    );
  }
  if (strategy === 'diversity') return diversityBatch(items, options);
  if (strategy === 'cluster-margin') return clusterMarginBatch(items, options);
  const limit = options.k ?? items.length;
  if (strategy === 'random') {
    const order = shuffled(items, createRng(options.seed ?? 0)).slice(0, limit);
    return ranked(
      order.map((item) => ({ item, certainty: null, reason: 'random (the control)' })),
      strategy,
    );
  }
  return ranked(byCertainty(items, strategy).slice(0, limit), strategy);
}
