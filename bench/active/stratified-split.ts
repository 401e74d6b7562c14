// A held-out set drawn class by class (BENCH_ACTIVE_SPLIT=stratified): each
// class gives its share of the held-out items, so the pool left over is as
// class-balanced as the photos are, whatever the held-out size (a plain
// random draw of 400 pool photos out of 2,700 gives 63–94 per class).
import { createRng, shuffled } from '../../src/core/random/rng';
import type { Split } from './simulate';

/** Per seed: `testSize` items held out, each class's share by its size (largest remainder), the rest the pool. */
export function stratifiedSplit(truth: readonly number[], testSize: number, seed: number): Split {
  if (testSize < 0 || testSize > truth.length) {
    throw new Error(`held-out size ${testSize} is not within 0–${truth.length} items`);
  }
  const order = shuffled(
    truth.map((_, i) => i),
    createRng(seed),
  );
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const k = truth[i] as number;
    byClass.set(k, [...(byClass.get(k) ?? []), i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const exact = classes.map((k) => ((byClass.get(k) as number[]).length * testSize) / truth.length);
  const quota = exact.map(Math.floor);
  let left = testSize - quota.reduce((a, b) => a + b, 0);
  // The largest remainders get the items that flooring left over (ties: lower class first).
  const byRemainder = classes
    .map((_, n) => n)
    .sort((a, b) => exact[b]! - quota[b]! - (exact[a]! - quota[a]!) || a - b);
  for (const n of byRemainder) {
    if (left-- <= 0) break;
    quota[n]!++;
  }
  const test = new Set(classes.flatMap((k, n) => (byClass.get(k) as number[]).slice(0, quota[n])));
  return { test: order.filter((i) => test.has(i)), pool: order.filter((i) => !test.has(i)) };
}
