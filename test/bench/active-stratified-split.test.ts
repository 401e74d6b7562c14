import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../bench/active/stratified-split';

// 5 classes of 540 items, as flowers5 with BENCH_ACTIVE_IMAGES=540.
const truth = Array.from({ length: 2700 }, (_, i) => i % 5);
const perClass = (rows: readonly number[]) => {
  const counts = [0, 0, 0, 0, 0];
  for (const i of rows) counts[truth[i]!]!++;
  return counts;
};

describe('stratifiedSplit', () => {
  it('holds out each class its share, so the pool is balanced, and splits every item once', () => {
    for (const seed of [1, 2, 3]) {
      const { pool, test } = stratifiedSplit(truth, 2300, seed);
      expect(test).toHaveLength(2300);
      expect(perClass(test)).toEqual([460, 460, 460, 460, 460]);
      expect(perClass(pool)).toEqual([80, 80, 80, 80, 80]);
      expect(new Set([...pool, ...test]).size).toBe(2700);
    }
  });

  it('gives the leftover of uneven shares to the largest remainders', () => {
    // Class sizes 6, 3, 1 of 10; 5 held out: exact shares 3, 1.5, 0.5 → 3, 2, 0 (ties: lower class).
    const t = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
    const { test, pool } = stratifiedSplit(t, 5, 1);
    const counts = [0, 0, 0];
    for (const i of test) counts[t[i]!]!++;
    expect(counts).toEqual([3, 2, 0]);
    expect(pool).toHaveLength(5);
  });

  it('draws other photos for another seed and the same for the same seed', () => {
    expect(stratifiedSplit(truth, 2300, 1).pool).toEqual(stratifiedSplit(truth, 2300, 1).pool);
    expect(stratifiedSplit(truth, 2300, 1).pool).not.toEqual(stratifiedSplit(truth, 2300, 2).pool);
  });

  it('refuses a held-out set larger than the items', () => {
    expect(() => stratifiedSplit(truth, 2701, 1)).toThrow(/2701 is not within 0–2700/);
  });
});
