// Bench only: a variant tried against cluster-margin (README "Active
// learning: what it saves"). BADGE (Ash et al. 2020, "Deep Batch Active
// Learning by Diverse, Uncertain Gradient Lower Bounds"): k-means++ seeding
// on each task's gradient embedding (p − onehot(top class)) ⊗ x, whose
// length grows with uncertainty and whose direction carries both the
// predicted class and the features. Distances come from the factors alone:
// |g_i − g_j|² = |a_i|²|x_i|² + |a_j|²|x_j|² − 2 (a_i·a_j)(x_i·x_j).
import type { Rng } from '../../src/core/random/rng';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Indices of `k` tasks by k-means++ on gradient embeddings (the longest first). */
export function badgePicks(
  probabilities: readonly (readonly number[])[],
  features: readonly ArrayLike<number>[],
  k: number,
  random: Rng,
): number[] {
  const n = probabilities.length;
  const a = probabilities.map((p) => {
    const top = p.indexOf(Math.max(...p));
    return p.map((v, c) => v - (c === top ? 1 : 0));
  });
  const aa = a.map((v) => dot(v, v));
  const xx = features.map((x) => dot(x, x));
  const distance = (i: number, j: number) =>
    Math.max(
      0,
      aa[i]! * xx[i]! + aa[j]! * xx[j]! - 2 * dot(a[i]!, a[j]!) * dot(features[i]!, features[j]!),
    );
  let first = 0;
  for (let i = 1; i < n; i++) if (aa[i]! * xx[i]! > aa[first]! * xx[first]!) first = i;
  const picks = [first];
  const taken = new Uint8Array(n);
  taken[first] = 1;
  const nearest = Array.from({ length: n }, (_, i) => distance(i, first));
  while (picks.length < Math.min(k, n)) {
    let total = 0;
    for (let i = 0; i < n; i++) if (!taken[i]) total += nearest[i]!;
    let chosen = -1;
    if (total > 0) {
      let r = random.float() * total;
      for (let i = 0; i < n; i++) {
        if (taken[i]) continue;
        r -= nearest[i]!;
        chosen = i;
        if (r < 0) break;
      }
    } else {
      chosen = taken.indexOf(0); // every task sits on a pick: take the next in order
    }
    picks.push(chosen);
    taken[chosen] = 1;
    for (let i = 0; i < n; i++) {
      if (!taken[i]) nearest[i] = Math.min(nearest[i]!, distance(i, chosen));
    }
  }
  return picks;
}
