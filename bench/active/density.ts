// Bench only: information density (Settles & Craven 2008, "An Analysis of
// Active Learning Strategies for Sequence Labeling Tasks"): a task's
// uncertainty times its mean cosine similarity to the unlabelled pool, so an
// uncertain outlier waits behind an uncertain typical task. With unit
// vectors the mean similarity to the pool is one dot product with the sum of
// the pool's unit vectors: (x̂_i · Σ x̂_u − 1) / (U − 1), O(U · d) per round.
import { certaintyOf, type CertaintyMeasure } from '../../src/core/active/certainty';
import { isSparse, type Vector } from '../../src/core/active/vectors';

function unit(v: Vector): Map<number, number> | Float64Array {
  if (isSparse(v)) {
    let s = 0;
    for (let j = 0; j < v.values.length; j++) s += (v.values[j] as number) ** 2;
    const n = Math.sqrt(s) || 1;
    const m = new Map<number, number>();
    for (let j = 0; j < v.indices.length; j++)
      m.set(v.indices[j] as number, (v.values[j] as number) / n);
    return m;
  }
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (v[j] as number) ** 2;
  const n = Math.sqrt(s) || 1;
  return Float64Array.from(v, (x) => x / n);
}

/** Mean cosine similarity of every vector to the others. */
export function meanSimilarity(vectors: readonly Vector[]): number[] {
  const units = vectors.map(unit);
  const count = units.length;
  if (count < 2) return units.map(() => 1);
  if (units[0] instanceof Map) {
    const sum = new Map<number, number>();
    for (const u of units as Map<number, number>[])
      for (const [j, x] of u) sum.set(j, (sum.get(j) ?? 0) + x);
    return (units as Map<number, number>[]).map((u) => {
      let d = 0;
      for (const [j, x] of u) d += x * (sum.get(j) as number);
      return (d - 1) / (count - 1);
    });
  }
  const dim = (units[0] as Float64Array).length;
  const sum = new Float64Array(dim);
  for (const u of units as Float64Array[]) for (let j = 0; j < dim; j++) sum[j]! += u[j]!;
  return (units as Float64Array[]).map((u) => {
    let d = 0;
    for (let j = 0; j < dim; j++) d += u[j]! * sum[j]!;
    return (d - 1) / (count - 1);
  });
}

/** Indices of the `k` tasks with the largest (1 − certainty) × density^beta. */
export function densityPicks(
  probabilities: readonly (readonly number[])[],
  features: readonly Vector[],
  k: number,
  measure: CertaintyMeasure,
  beta = 1,
): number[] {
  const density = meanSimilarity(features);
  const score = probabilities.map(
    (p, i) => (1 - certaintyOf(p, measure)) * Math.max(0, density[i]!) ** beta,
  );
  return score
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i);
}
