// Lloyd's k-means from k-means++ seeds, on dense vectors (image embeddings,
// class probabilities) or sparse ones (TF-IDF of texts, 2^18 columns), which
// the dense-only npm k-means packages cannot hold. Cluster-margin batches use
// it on a few hundred candidates, so a few iterations are cheap.
import { kMeansPlusPlusCentres, nearestCentreOf } from './diversity';
import type { Rng } from '../random/rng';
import { isSparse, type SparseVector, type Vector } from './vectors';

/** The mean of some vectors: sparse when they all are (the union of their columns). */
function meanOf(points: readonly Vector[]): Vector {
  if (points.every(isSparse)) {
    const sums = new Map<number, number>();
    for (const p of points as SparseVector[]) {
      for (let n = 0; n < p.indices.length; n++) {
        const column = p.indices[n] as number;
        sums.set(column, (sums.get(column) ?? 0) + (p.values[n] as number));
      }
    }
    const indices = [...sums.keys()].sort((a, b) => a - b);
    return { indices, values: indices.map((c) => (sums.get(c) as number) / points.length) };
  }
  const length = Math.max(...points.map((p) => (p as ArrayLike<number>).length));
  const mean = new Float64Array(length);
  for (const p of points as ArrayLike<number>[]) {
    for (let i = 0; i < p.length; i++) mean[i] = (mean[i] as number) + (p[i] as number);
  }
  for (let i = 0; i < length; i++) mean[i] = (mean[i] as number) / points.length;
  return mean;
}

/**
 * Each point's cluster (0..k−1): k-means++ seeds, then up to `iterations`
 * rounds of assign-to-nearest and move-to-mean. A cluster left empty keeps
 * its centre. Fewer distinct points than k give fewer clusters.
 */
export function kMeans(
  points: readonly Vector[],
  k: number,
  random: Rng,
  iterations = 10,
): number[] {
  const seeds = kMeansPlusPlusCentres(points, k, random);
  if (seeds.length === 0) return points.map(() => 0);
  let centres: Vector[] = seeds.map((i) => points[i]!);
  let assignment = points.map(nearestCentreOf(centres));
  for (let round = 0; round < iterations; round++) {
    const members: Vector[][] = centres.map(() => []);
    points.forEach((p, i) => members[assignment[i]!]!.push(p));
    centres = centres.map((c, j) => (members[j]!.length > 0 ? meanOf(members[j]!) : c));
    const next = points.map(nearestCentreOf(centres));
    const moved = next.some((c, i) => c !== assignment[i]);
    assignment = next;
    if (!moved) break;
  }
  return assignment;
}
