import { describe, expect, it } from 'vitest';
import { kMeans } from './k-means';
import { createRng } from '../random/rng';
import { rankTasks, type RankInput } from './rank';

/** `count` tasks around (cx, cy), each with the given two-class probabilities. */
function blob(name: string, cx: number, cy: number, count: number, top: number): RankInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${name}${i}`,
    probabilities: [top + i * 0.001, 1 - top - i * 0.001],
    features: [cx + (i % 3) * 0.1, cy + Math.floor(i / 3) * 0.1],
  }));
}

describe('cluster-margin', () => {
  // Blob a: the 8 least certain tasks, all near-copies; b and c: a little
  // more certain, elsewhere; d: certain (outside the candidates).
  const tasks: RankInput[] = [
    ...blob('a', 0, 0, 8, 0.5),
    ...blob('b', 10, 0, 3, 0.6),
    ...blob('c', 0, 10, 3, 0.62),
    ...blob('d', 10, 10, 6, 0.99),
  ];
  const group = (id: string | number) => String(id)[0];

  it('takes a batch from several clusters where margin takes one corner', () => {
    const byMargin = rankTasks(tasks, { strategy: 'margin', k: 3 });
    expect(new Set(byMargin.map((r) => group(r.id)))).toEqual(new Set(['a']));
    const batch = rankTasks(tasks, { strategy: 'cluster-margin', k: 3, poolFactor: 14 / 3 });
    expect(batch).toHaveLength(3);
    expect(new Set(batch.map((r) => group(r.id)))).toEqual(new Set(['a', 'b', 'c']));
    // each cluster gives its least certain member
    expect(batch.map((r) => r.id).sort()).toEqual(['a0', 'b0', 'c0']);
    expect(batch[0]?.reason).toMatch(/cluster \d of the 14 least certain/);
  });

  it('keeps to the least certain candidates: the certain blob is never picked', () => {
    const batch = rankTasks(tasks, { strategy: 'cluster-margin', k: 4, poolFactor: 3.5 });
    expect(batch.some((r) => group(r.id) === 'd')).toBe(false);
    // with every task a candidate, the far-off certain blob gets its turn
    const all = rankTasks(tasks, { strategy: 'cluster-margin', k: 4, poolFactor: 10 });
    expect(new Set(all.map((r) => group(r.id)))).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('with k at least the pool, returns every task once, least certain first', () => {
    const batch = rankTasks(tasks, { strategy: 'cluster-margin', k: 50 });
    expect(batch.map((r) => r.id)).toEqual(
      rankTasks(tasks, { strategy: 'margin' }).map((r) => r.id),
    );
    expect(batch.map((r) => r.rank)).toEqual(tasks.map((_, i) => i + 1));
  });

  it('is deterministic for a seed', () => {
    const many: RankInput[] = Array.from({ length: 120 }, (_, i) => {
      const rng = createRng(i);
      return {
        id: i,
        probabilities: [0.5 + rng.float() * 0.4, 0],
        features: [rng.float() * 10, rng.float() * 10, rng.float()],
      };
    });
    const pick = (seed: number) =>
      rankTasks(many, { strategy: 'cluster-margin', k: 10, seed }).map((r) => r.id);
    expect(pick(3)).toEqual(pick(3));
    expect(new Set(pick(3)).size).toBe(10);
    expect(pick(3)).not.toEqual(pick(4));
  });

  it('needs a feature vector per task and names the one without', () => {
    expect(() =>
      rankTasks([{ id: 'x', probabilities: [0.5, 0.5] }], { strategy: 'cluster-margin' }),
    ).toThrow(/cluster-margin needs a feature vector for every task \(task x has none\)/);
  });
});

describe('kMeans', () => {
  it('separates blobs on dense and on sparse vectors alike', () => {
    const dense = [
      ...Array.from({ length: 10 }, (_, i) => [i * 0.01, 0, 0]),
      ...Array.from({ length: 10 }, (_, i) => [0, 5 + i * 0.01, 0]),
      ...Array.from({ length: 10 }, (_, i) => [0, 0, 9 + i * 0.01]),
    ];
    const sparse = dense.map((row) => {
      const indices = row.flatMap((v, i) => (v !== 0 ? [i] : []));
      return { indices, values: indices.map((i) => row[i]!) };
    });
    for (const points of [dense, sparse]) {
      const ids = kMeans(points, 3, createRng(5));
      for (const from of [0, 10, 20]) expect(new Set(ids.slice(from, from + 10)).size).toBe(1);
      expect(new Set(ids).size).toBe(3);
    }
  });
});
