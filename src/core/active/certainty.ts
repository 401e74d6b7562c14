// How certain a class distribution is, as one number in [0, 1] with the
// meaning Label Studio gives a prediction's `score`: lower = less certain =
// label it sooner. Every measure maps a uniform distribution to 0 and a
// one-hot distribution to 1, so measures are comparable across class counts.

export type CertaintyMeasure = 'least-confidence' | 'margin' | 'entropy';

export const CERTAINTY_MEASURES: readonly CertaintyMeasure[] = [
  'least-confidence',
  'margin',
  'entropy',
];

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** The distribution made finite, non-negative and summing to 1 (uniform when empty). */
export function normalised(probabilities: readonly number[]): number[] {
  const p = probabilities.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const sum = p.reduce((a, b) => a + b, 0);
  if (sum <= 0) return p.map(() => 1 / Math.max(1, p.length));
  return p.map((v) => v / sum);
}

/** Shannon entropy in nats. */
export function entropyOf(p: readonly number[]): number {
  let h = 0;
  for (const v of p) if (v > 0) h -= v * Math.log(v);
  return h;
}

function topTwo(p: readonly number[]): [number, number] {
  let first = 0;
  let second = 0;
  for (const v of p) {
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return [first, second];
}

/**
 * - `least-confidence`: the top probability, rescaled from [1/K, 1] to [0, 1].
 * - `margin`: top minus second probability.
 * - `entropy`: 1 − entropy / log K.
 * A single class (K = 1) is certain by definition.
 */
export function certaintyOf(
  probabilities: readonly number[],
  measure: CertaintyMeasure = 'least-confidence',
): number {
  const k = probabilities.length;
  if (k <= 1) return 1;
  const p = normalised(probabilities);
  switch (measure) {
    case 'least-confidence': {
      const [top] = topTwo(p);
      return clamp01((top - 1 / k) / (1 - 1 / k));
    }
    case 'margin': {
      const [top, second] = topTwo(p);
      return clamp01(top - second);
    }
    case 'entropy':
      return clamp01(1 - entropyOf(p) / Math.log(k));
  }
}

/** Multi-label (independent sigmoids): the least certain label decides, |2p − 1|. */
export function multiLabelCertainty(probabilities: readonly number[]): number {
  let c = 1;
  for (const v of probabilities) if (Number.isFinite(v)) c = Math.min(c, Math.abs(2 * v - 1));
  return clamp01(c);
}
