// The app's "Label next" list: the predicted tasks in the order to label them
// (rankTasks by the task score, by a classifier's least confidence, margin or
// entropy, a diversity or cluster-margin batch, committee disagreement, or
// random as the control), the next K with why,
// a histogram of the scores, and a cluster per task. Computed in the worker,
// from what the engine holds; the page only shows it.
import type { CertaintyMeasure } from './certainty';
import { CLUSTER_MARGIN_POOL_FACTOR } from './cluster-margin';
import { kMeansPlusPlusCentres, nearestCentreOf } from './diversity';
import { rankTasks, RankInputError, type RankInput, type RankedTask } from './rank';
import { createRng, shuffled } from '../random/rng';
import type { Vector } from './vectors';

export type LabelNextStrategy =
  'score' | CertaintyMeasure | 'diversity' | 'cluster-margin' | 'committee' | 'random';

/** Strategies that pick a batch by distances between feature vectors. */
export const BATCH_STRATEGIES: readonly LabelNextStrategy[] = ['diversity', 'cluster-margin'];

export const LABEL_NEXT_STRATEGIES: readonly LabelNextStrategy[] = [
  'score',
  'least-confidence',
  'margin',
  'entropy',
  'diversity',
  'cluster-margin',
  'committee',
  'random',
];

/** One predicted task as the worker knows it. */
export interface NextCandidate {
  /** Position in the task list. */
  index: number;
  /** The task's own id (a Label Studio task id when the tasks came from a project). */
  taskId?: string | number;
  name: string;
  score?: number;
  cluster?: number;
  /** Least confidence, margin, entropy of the model's class distribution (classifiers). */
  certainties?: Partial<Record<CertaintyMeasure, number>>;
  /** Each committee member's class probabilities for the task (committee strategy). */
  committee?: number[][];
}

export interface NextTask {
  /** 1-based: label rank 1 first. */
  rank: number;
  index: number;
  taskId?: string | number;
  name: string;
  /** The prediction's task score (null: none). */
  score: number | null;
  /** What the order used: the score or the strategy's certainty (null: nothing). */
  certainty: number | null;
  cluster?: number;
  reason: string;
}

export interface LabelNextList {
  strategy: LabelNextStrategy;
  /** The next `k` tasks (fewer when fewer are predicted). */
  tasks: NextTask[];
  /** Predicted tasks per score bin: [0, 0.1), [0.1, 0.2), … [0.9, 1]. */
  histogram: number[];
  /** Predicted tasks, and those among them without a score. */
  predicted: number;
  unscored: number;
  /** Tasks ranked by the score because the model gave no class distribution. */
  byScoreOnly: number;
  /** Clusters given (0: none), and what they were made of. */
  clusters: number;
  /** What the feature vectors were (diversity and clusters), when any were used. */
  features?: string;
  /** Tasks without a feature vector (left out of diversity, no cluster). */
  withoutFeatures: number;
}

export interface LabelNextOptions {
  strategy: LabelNextStrategy;
  k: number;
  seed?: number;
  /** Give every task one of this many k-means++ clusters of its features (0: none). */
  clusters?: number;
  /** Committee members (committee strategy), as the CLI's `--committee`. */
  committee?: number;
}

/** Committee members the app offers: at least two to disagree, a default as the CLI's `--committee`. */
export const COMMITTEE_SIZES = { min: 2, max: 20, default: 5 } as const;

/**
 * Per-task feature vectors for diversity and clusters, made on demand (the
 * vectors of 100,000 texts need not be held at once), and what they are.
 */
export interface CandidateFeatures {
  describe: string;
  /** The vector of candidates[i], undefined when it has none. */
  of(i: number): Vector | undefined;
}

export interface LabelNextResult {
  list: LabelNextList;
  /** Each clustered task's cluster, by task index (to write onto its prediction). */
  clusterOf: Map<number, number>;
}

export const HISTOGRAM_BINS = 10;

/** Counts of scores per equal-width bin of [0, 1] (1 falls in the last bin). */
export function scoreHistogram(scores: readonly number[], bins = HISTOGRAM_BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    counts[bin]! += 1;
  }
  return counts;
}

/** k-means++ centres (seeded on at most `sample` tasks) or the diversity picks, nearest to each task. */
function clustersOf(
  count: number,
  features: CandidateFeatures,
  options: { clusters: number; seed: number; picks: readonly number[]; sample?: number },
): Map<number, number> {
  let centres: Vector[];
  if (options.clusters > 0) {
    const order = shuffled(
      Array.from({ length: count }, (_, i) => i),
      createRng(options.seed),
    );
    const sample: Vector[] = [];
    for (const i of order) {
      const v = features.of(i);
      if (v) sample.push(v);
      if (sample.length >= (options.sample ?? 5000)) break;
    }
    const random = createRng(options.seed + 1);
    centres = kMeansPlusPlusCentres(sample, options.clusters, random).map((i) => sample[i]!);
  } else {
    centres = options.picks.map((i) => features.of(i)!);
  }
  const out = new Map<number, number>();
  if (centres.length === 0) return out;
  const nearest = nearestCentreOf(centres);
  for (let i = 0; i < count; i++) {
    const v = features.of(i);
    if (v) out.set(i, nearest(v));
  }
  return out;
}

/**
 * A batch from the least certain `poolFactor × k` tasks with a vector (only
 * those get one made): diversity spreads them by k-center greedy (least
 * confidence first, 10 × k), cluster-margin clusters the smallest margins
 * (2 × k) and takes round-robin from the clusters.
 */
function batchPicks(
  strategy: 'diversity' | 'cluster-margin',
  inputs: readonly RankInput[],
  k: number,
  seed: number,
  features: CandidateFeatures | undefined,
): RankedTask[] {
  if (!features) {
    throw new RankInputError(
      `${strategy} needs a feature vector per task: a classifier (its class probabilities) or text tasks (their words); this model gives neither`,
    );
  }
  const diversity = strategy === 'diversity';
  const poolFactor = diversity ? 10 : CLUSTER_MARGIN_POOL_FACTOR;
  const byDoubt = rankTasks(inputs, { strategy: diversity ? 'least-confidence' : 'margin' });
  const pool: RankInput[] = [];
  for (const r of byDoubt) {
    const v = features.of(r.id as number);
    if (v) pool.push({ ...inputs[r.id as number]!, features: v });
    if (pool.length >= Math.max(k, Math.ceil(poolFactor * k))) break;
  }
  if (pool.length === 0 && inputs.length > 0) {
    throw new RankInputError(
      `${strategy}: no predicted task has a feature vector (${features.describe})`,
    );
  }
  return rankTasks(pool, { strategy, k, poolFactor, seed });
}

export function labelNextWithClusters(
  candidates: readonly NextCandidate[],
  options: LabelNextOptions,
  features?: CandidateFeatures,
): LabelNextResult {
  const inputs: RankInput[] = candidates.map((c, i) => ({
    id: i,
    ...(c.score !== undefined && Number.isFinite(c.score) ? { score: c.score } : {}),
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    ...(c.certainties ? { certainties: c.certainties } : {}),
    ...(c.committee ? { committee: c.committee } : {}),
  }));
  const k = Math.max(0, Math.floor(options.k));
  const seed = options.seed ?? 0;
  const batch = options.strategy === 'diversity' || options.strategy === 'cluster-margin';
  const ranked =
    options.strategy === 'diversity' || options.strategy === 'cluster-margin'
      ? batchPicks(options.strategy, inputs, k, seed, features)
      : rankTasks(inputs, { strategy: options.strategy, k, seed });
  const clusters = Math.max(0, Math.floor(options.clusters ?? 0));
  if (clusters > 0 && !features) {
    throw new RankInputError(
      'clusters need a feature vector per task: a classifier (its class probabilities) or text tasks (their words); this model gives neither',
    );
  }
  const clusterOf =
    features && (clusters > 0 || batch)
      ? clustersOf(candidates.length, features, {
          clusters,
          seed,
          picks: ranked.map((r) => r.id as number),
        })
      : new Map<number, number>();
  const tasks = ranked.map((r): NextTask => {
    const c = candidates[r.id as number]!;
    const cluster = clusterOf.get(r.id as number) ?? c.cluster;
    return {
      rank: r.rank,
      index: c.index,
      ...(c.taskId !== undefined ? { taskId: c.taskId } : {}),
      name: c.name,
      score: inputs[r.id as number]!.score ?? null,
      certainty: r.certainty,
      ...(cluster !== undefined ? { cluster } : {}),
      reason: r.reason,
    };
  });
  const scores = inputs.flatMap((i) => (i.score === undefined ? [] : [i.score]));
  const usesFeatures = features && (clusters > 0 || batch);
  const indexed = new Map<number, number>();
  for (const [i, cluster] of clusterOf) indexed.set(candidates[i]!.index, cluster);
  return {
    list: {
      strategy: options.strategy,
      tasks,
      histogram: scoreHistogram(scores),
      predicted: candidates.length,
      unscored: candidates.length - scores.length,
      byScoreOnly: candidates.filter((c) => !c.certainties).length,
      clusters: clusterOf.size > 0 ? new Set(clusterOf.values()).size : 0,
      ...(usesFeatures ? { features: features.describe } : {}),
      withoutFeatures: usesFeatures ? candidates.length - clusterOf.size : 0,
    },
    clusterOf: indexed,
  };
}

export function labelNext(
  candidates: readonly NextCandidate[],
  options: LabelNextOptions,
  features?: CandidateFeatures,
): LabelNextList {
  return labelNextWithClusters(candidates, options, features).list;
}

/** The list as a JSON file: the shape `prelabel rank --out` writes, plus names and scores. */
export function labelNextJson(list: LabelNextList): string {
  return `${JSON.stringify(
    {
      strategy: list.strategy,
      meaning: 'rank 1 = label first; score and certainty 0..1, lower = less certain',
      tasks: list.tasks.map((t) => ({
        rank: t.rank,
        task: t.taskId ?? t.index,
        name: t.name,
        score: t.score,
        certainty: t.certainty,
        ...(t.cluster !== undefined ? { cluster: t.cluster } : {}),
        reason: t.reason,
      })),
    },
    null,
    1,
  )}\n`;
}

/** A task in the connected Label Studio project's Data Manager. */
export function labelStudioTaskUrl(
  server: string,
  projectId: number,
  taskId: string | number,
): string {
  return new URL(
    `projects/${projectId}/data?task=${encodeURIComponent(String(taskId))}`,
    server.endsWith('/') ? server : `${server}/`,
  ).href;
}
