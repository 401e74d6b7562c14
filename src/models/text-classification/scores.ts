// Class probabilities from a model's output row, and what the distribution
// says about certainty. (The image classifier has the same math in
// classification/probabilities.ts, moving to models/shared/ with the new
// family contract; families may not import each other, so this waits for it.)

export type TextActivation = 'auto' | 'softmax' | 'sigmoid' | 'none';

function softmax(values: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const out = Float32Array.from(values, (v) => Math.exp(v - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** Values outside 0..1, or not summing to 1, are logits. */
function looksLikeLogits(values: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) return true;
    sum += v;
  }
  return Math.abs(sum - 1) > 1e-2;
}

export function toProbabilities(
  values: ArrayLike<number>,
  activation: TextActivation,
): Float32Array {
  switch (activation) {
    case 'softmax':
      return softmax(values);
    case 'sigmoid':
      return Float32Array.from(values, (v) => 1 / (1 + Math.exp(-v)));
    case 'none':
      return Float32Array.from(values);
    case 'auto':
      return looksLikeLogits(values) ? softmax(values) : Float32Array.from(values);
  }
}

/** Top-1 minus top-2 (0 = a tie). */
export function margin(p: ArrayLike<number>): number {
  let first = -Infinity;
  let second = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return p.length < 2 ? 1 : first - second;
}

/** Entropy / log(classes): 0 = certain, 1 = uniform. */
export function normalizedEntropy(p: ArrayLike<number>): number {
  if (p.length < 2) return 0;
  let sum = 0;
  let h = 0;
  for (let i = 0; i < p.length; i++) sum += p[i]!;
  for (let i = 0; i < p.length; i++) {
    const q = p[i]! / (sum || 1);
    if (q > 0) h -= q * Math.log(q);
  }
  return h / Math.log(p.length);
}
