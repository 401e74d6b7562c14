import type { ClassActivation } from './class-decode';

/** How far a sum may stray from 1 and still be a distribution (float32 rounding, int8 outputs). */
const SUM_TOLERANCE = 1e-2;

/** True when the values need a softmax: some are outside 0..1 or they do not sum to 1. */
export function looksLikeLogits(values: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 1)) return true;
    sum += v;
  }
  return Math.abs(sum - 1) > SUM_TOLERANCE;
}

/** Numerically stable softmax (max subtracted). */
export function softmax(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const e = Math.exp((values[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

export function toProbabilities(
  values: ArrayLike<number>,
  activation: ClassActivation,
): Float64Array {
  switch (activation) {
    case 'softmax':
      return softmax(values);
    case 'sigmoid':
      return Float64Array.from(values as ArrayLike<number>, (v) => 1 / (1 + Math.exp(-v)));
    case 'none':
      return Float64Array.from(values as ArrayLike<number>);
    case 'auto':
      return looksLikeLogits(values)
        ? softmax(values)
        : Float64Array.from(values as ArrayLike<number>);
  }
}

/** Top-1 minus top-2 probability. */
export function margin(p: ArrayLike<number>): number {
  let first = -Infinity;
  let second = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return p.length < 2 ? 1 : first - second;
}

/** Shannon entropy / log(n): 0 for a one-hot distribution, 1 for a uniform one. */
export function normalizedEntropy(p: ArrayLike<number>): number {
  if (p.length < 2) return 0;
  let sum = 0;
  let h = 0;
  for (let i = 0; i < p.length; i++) sum += Math.max(0, p[i] as number);
  if (!(sum > 0)) return 1;
  for (let i = 0; i < p.length; i++) {
    const q = Math.max(0, p[i] as number) / sum;
    if (q > 0) h -= q * Math.log(q);
  }
  return h / Math.log(p.length);
}

/** One class's probability with what the whole distribution says (a Choices candidate). */
export interface ClassProbability {
  kind: 'class';
  classIndex: number;
  score: number;
  margin: number;
  entropy: number;
}

/** Every class as a candidate, most likely first; margin and entropy computed once per distribution. */
export function classCandidates(probabilities: ArrayLike<number>): ClassProbability[] {
  const m = margin(probabilities);
  const entropy = normalizedEntropy(probabilities);
  return Array.from(probabilities, (score, classIndex) => ({
    kind: 'class' as const,
    classIndex,
    score,
    margin: m,
    entropy,
  })).sort((a, b) => b.score - a.score);
}
