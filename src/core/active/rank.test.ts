import { describe, expect, it } from 'vitest';
import { assignClusters } from './clusters';
import { kCenterGreedy } from './diversity';
import { rankTasks, RankInputError, type RankInput } from './rank';

describe('rankTasks', () => {
  const items: RankInput[] = [
    { id: 1, score: 0.9 },
    { id: 2 },
    { id: 3, score: 0.1 },
    { id: 4, score: 0.5 },
    { id: 5, score: 0.1 },
  ];

  it('score: lowest first, ties in input order, unscored last', () => {
    const order = rankTasks(items, { strategy: 'score' });
    expect(order.map((r) => r.id)).toEqual([3, 5, 4, 1, 2]);
    expect(order.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(order[4]?.certainty).toBeNull();
    expect(order[0]?.reason).toContain('0.100');
  });

  it('k limits the list', () => {
    expect(rankTasks(items, { strategy: 'score', k: 2 }).map((r) => r.id)).toEqual([3, 5]);
  });

  it('certainties computed from a whole distribution come before probabilities and the score', () => {
    const tasks: RankInput[] = [
      { id: 'kept-top-only', probabilities: [0.6], certainties: { margin: 0.05 }, score: 0.6 },
      { id: 'full', probabilities: [0.6, 0.3, 0.1] },
    ];
    const order = rankTasks(tasks, { strategy: 'margin' });
    expect(order.map((r) => r.id)).toEqual(['kept-top-only', 'full']);
    expect(order[0]?.certainty).toBe(0.05);
    // no least-confidence given: the kept probabilities decide (one class = certain)
    expect(rankTasks(tasks, { strategy: 'least-confidence' })[0]?.id).toBe('full');
  });

  it('margin uses the distribution when there is one, the score otherwise', () => {
    const tasks: RankInput[] = [
      { id: 'clear', probabilities: [0.5, 0.25, 0.25] },
      { id: 'tie', probabilities: [0.5, 0.49, 0.01] },
      { id: 'scored', score: 0.1 },
    ];
    expect(rankTasks(tasks, { strategy: 'margin' }).map((r) => r.id)).toEqual([
      'tie',
      'scored',
      'clear',
    ]);
    // least confidence sees both top classes at 0.5 and keeps their order
    expect(rankTasks(tasks, { strategy: 'least-confidence' }).map((r) => r.id)).toEqual([
      'scored',
      'clear',
      'tie',
    ]);
  });

  it('committee puts disagreement first', () => {
    const tasks: RankInput[] = [
      {
        id: 'agree',
        committee: [
          [0.9, 0.1],
          [0.8, 0.2],
        ],
      },
      {
        id: 'split',
        committee: [
          [0.9, 0.1],
          [0.1, 0.9],
        ],
      },
      { id: 'none' },
    ];
    expect(rankTasks(tasks, { strategy: 'committee' }).map((r) => r.id)).toEqual([
      'split',
      'agree',
      'none',
    ]);
  });

  it('random is a permutation that the seed repeats', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: i }));
    const a = rankTasks(many, { strategy: 'random', seed: 7 }).map((r) => r.id);
    const b = rankTasks(many, { strategy: 'random', seed: 7 }).map((r) => r.id);
    const c = rankTasks(many, { strategy: 'random', seed: 8 }).map((r) => r.id);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect([...a].sort((x, y) => Number(x) - Number(y))).toEqual(many.map((m) => m.id));
  });

  it('diversity spreads a batch over both groups of uncertain tasks', () => {
    // Two tight groups, all equally uncertain: a batch of two takes one of each.
    const tasks: RankInput[] = [
      { id: 'a1', score: 0.2, features: [0, 0] },
      { id: 'a2', score: 0.2, features: [0.1, 0] },
      { id: 'a3', score: 0.2, features: [0, 0.1] },
      { id: 'b1', score: 0.2, features: [10, 10] },
      { id: 'c', score: 0.99, features: [50, 50] },
    ];
    const batch = rankTasks(tasks, { strategy: 'diversity', k: 2, poolFactor: 2 });
    expect(batch.map((r) => r.id)).toEqual(['a1', 'b1']);
  });

  it('diversity keeps away from what is already labelled', () => {
    const tasks: RankInput[] = [
      { id: 'near', score: 0.1, features: [0, 0] },
      { id: 'far', score: 0.3, features: [5, 5] },
    ];
    const batch = rankTasks(tasks, { strategy: 'diversity', k: 1, labelledFeatures: [[0, 0.1]] });
    expect(batch.map((r) => r.id)).toEqual(['far']);
  });

  it('diversity without features names the task', () => {
    expect(() => rankTasks([{ id: 9, score: 0.1 }], { strategy: 'diversity' })).toThrow(
      /task 9 has none/,
    );
  });

  it('an unknown strategy is refused with the known ones', () => {
    expect(() => rankTasks(items, { strategy: 'smart' as never })).toThrow(RankInputError);
  });
});

describe('kCenterGreedy', () => {
  it('picks points that cover the space', () => {
    const pool = [[0], [1], [2], [10], [11], [20]];
    expect(kCenterGreedy(pool, 3)).toEqual([0, 5, 3]);
  });
});

describe('assignClusters', () => {
  it('gives well separated blobs their own ids', () => {
    const blob = (cx: number) => Array.from({ length: 20 }, (_, i) => [cx + (i % 5) * 0.01, cx]);
    const points = [...blob(0), ...blob(100), ...blob(200)];
    const ids = assignClusters(points, { clusters: 3, seed: 1 });
    const idOf = (from: number) => new Set(ids.slice(from, from + 20));
    expect(idOf(0).size).toBe(1);
    expect(idOf(20).size).toBe(1);
    expect(idOf(40).size).toBe(1);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('sparse features', () => {
  it('k-center works on sparse vectors as on their dense form', () => {
    const dense = [
      [1, 0, 0, 0],
      [0.9, 0.1, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ];
    const sparse = dense.map((row) => {
      const indices = row.flatMap((v, i) => (v !== 0 ? [i] : []));
      return { indices, values: indices.map((i) => row[i]!) };
    });
    expect(kCenterGreedy(sparse, 3)).toEqual(kCenterGreedy(dense, 3));
  });
});

describe('nearestCentreOf', () => {
  it('sparse centres through the inverted index give the merge walk’s nearest centre', async () => {
    const { nearestCentre, nearestCentreOf } = await import('./diversity');
    const { createRng } = await import('../random/rng');
    const rng = createRng(3);
    const sparse = () => {
      const columns = [...new Set(Array.from({ length: 6 }, () => rng.int(0, 40)))].sort(
        (a, b) => a - b,
      );
      return {
        indices: Int32Array.from(columns),
        values: Float32Array.from(columns, () => rng.float() - 0.3),
      };
    };
    const centres = Array.from({ length: 7 }, sparse);
    const points = Array.from({ length: 200 }, sparse);
    const fast = nearestCentreOf(centres);
    expect(points.map((p) => fast(p))).toEqual(nearestCentre(points, centres));
  });
});
