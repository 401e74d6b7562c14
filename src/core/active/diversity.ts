// Diversity for batches: k-center greedy picks tasks far from everything
// already labelled or picked (Sener & Savarese's core-set selection), and
// k-means++ seeding names a cluster per task, which Label Studio reads from a
// prediction's `cluster` to spread work.
import type { SeededRandom } from './seeded-random';
import { squaredDistance, type Vector } from './vectors';

/**
 * Picks `k` indices of `pool`, each the farthest (by nearest distance) from
 * `labelled` and from the ones already picked; with nothing labelled the
 * first pick is `pool[0]` (callers order the pool by uncertainty first).
 */
export function kCenterGreedy(
  pool: readonly Vector[],
  k: number,
  labelled: readonly Vector[] = [],
): number[] {
  const nearest = new Float64Array(pool.length).fill(Infinity);
  for (const l of labelled) {
    for (let i = 0; i < pool.length; i++) {
      nearest[i] = Math.min(nearest[i]!, squaredDistance(pool[i]!, l));
    }
  }
  const picked: number[] = [];
  const taken = new Uint8Array(pool.length);
  while (picked.length < Math.min(k, pool.length)) {
    let best = -1;
    let bestDistance = -1;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      const d = nearest[i]!;
      if (d > bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    if (best < 0) break;
    picked.push(best);
    taken[best] = 1;
    for (let i = 0; i < pool.length; i++) {
      if (!taken[i]) nearest[i] = Math.min(nearest[i]!, squaredDistance(pool[i]!, pool[best]!));
    }
  }
  return picked;
}

/** k-means++ seeding: the first centre at random, then each with probability ∝ squared distance. */
export function kMeansPlusPlusCentres(
  points: readonly Vector[],
  k: number,
  random: SeededRandom,
): number[] {
  if (points.length === 0 || k <= 0) return [];
  const centres = [random.int(0, points.length - 1)];
  const nearest = points.map((p) => squaredDistance(p, points[centres[0]!]!));
  while (centres.length < Math.min(k, points.length)) {
    const total = nearest.reduce((a, b) => a + b, 0);
    if (total <= 0) break; // every point sits on a centre already
    let r = random.next() * total;
    let chosen = nearest.length - 1;
    for (let i = 0; i < nearest.length; i++) {
      r -= nearest[i]!;
      if (r < 0) {
        chosen = i;
        break;
      }
    }
    centres.push(chosen);
    for (let i = 0; i < points.length; i++) {
      nearest[i] = Math.min(nearest[i]!, squaredDistance(points[i]!, points[chosen]!));
    }
  }
  return centres;
}

/** The index (into `centres`) of each point's nearest centre. */
export function nearestCentre(points: readonly Vector[], centres: readonly Vector[]): number[] {
  return points.map((p) => {
    let best = 0;
    let bestDistance = Infinity;
    centres.forEach((c, j) => {
      const d = squaredDistance(p, c);
      if (d < bestDistance) {
        best = j;
        bestDistance = d;
      }
    });
    return best;
  });
}
