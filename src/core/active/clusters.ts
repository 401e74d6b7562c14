// A cluster id per task for Label Studio's `cluster` field: k-means++ centres
// chosen on a sample, every task given its nearest centre.
import { kMeansPlusPlusCentres, nearestCentre } from './diversity';
import { seededRandom, shuffled } from './seeded-random';
import type { Vector } from './vectors';

export interface ClusterOptions {
  clusters: number;
  seed?: number;
  /** Centres are seeded on at most this many tasks (default 5,000). */
  sample?: number;
}

export function assignClusters(features: readonly Vector[], options: ClusterOptions): number[] {
  const random = seededRandom(options.seed ?? 0);
  const sample = shuffled(features, random).slice(0, options.sample ?? 5000);
  const centres = kMeansPlusPlusCentres(sample, options.clusters, random).map((i) => sample[i]!);
  return centres.length === 0 ? features.map(() => 0) : nearestCentre(features, centres);
}
