// Next-token choice: greedy, or top-k / top-p (nucleus) sampling with a
// seeded generator (pure-rand's xoroshiro128+), so a run can be repeated.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface SamplingOptions {
  /** `greedy` (default) ignores the rest. */
  strategy?: 'greedy' | 'sample';
  /** Softmax temperature (> 0); default 1. */
  temperature?: number;
  /** Keep the k most likely tokens (0 = all); default 0. */
  topK?: number;
  /** Keep the smallest set whose probability reaches p (1 = all); default 1. */
  topP?: number;
  /** Seed of the random generator; default 0. */
  seed?: number;
}

export type TokenPicker = (logits: Float32Array) => number;

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export function createSampler(options: SamplingOptions = {}): TokenPicker {
  if ((options.strategy ?? 'greedy') === 'greedy') return argmax;
  const temperature = options.temperature ?? 1;
  const topK = options.topK ?? 0;
  const topP = options.topP ?? 1;
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP must be in (0, 1], got ${topP}`);
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`topK must be an integer >= 0`);
  const rng = xoroshiro128plus(options.seed ?? 0);
  return (logits) => {
    const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);
    const kept = topK > 0 ? order.slice(0, topK) : order;
    const top = logits[kept[0]!]!;
    const weights = kept.map((id) => Math.exp((logits[id]! - top) / temperature));
    const total = weights.reduce((a, b) => a + b, 0);
    // nucleus: the smallest prefix reaching topP of the probability mass
    let cut = kept.length;
    let mass = 0;
    for (let i = 0; i < kept.length; i++) {
      mass += weights[i]! / total;
      if (mass >= topP) {
        cut = i + 1;
        break;
      }
    }
    const nucleus = weights.slice(0, cut).reduce((a, b) => a + b, 0);
    let r = uniformFloat64(rng) * nucleus;
    for (let i = 0; i < cut; i++) {
      r -= weights[i]!;
      if (r < 0) return kept[i]!;
    }
    return kept[cut - 1]!;
  };
}
