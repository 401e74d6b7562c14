import { describe, expect, it } from 'vitest';
import { labelNext, labelNextJson, labelStudioTaskUrl, scoreHistogram } from './label-next';

const candidates = [
  { index: 0, taskId: 11, name: 'a.jpg', score: 0.9 },
  { index: 1, taskId: 12, name: 'b.jpg', score: 0.04 },
  { index: 2, taskId: 13, name: 'c.jpg' },
  { index: 3, taskId: 14, name: 'd.jpg', score: 0.5, cluster: 2 },
  { index: 4, taskId: 15, name: 'e.jpg', score: 1 },
];

describe('labelNext', () => {
  it('the next K by score, least certain first, with why', () => {
    const list = labelNext(candidates, { strategy: 'score', k: 3 });
    expect(list.tasks.map((t) => t.taskId)).toEqual([12, 14, 11]);
    expect(list.tasks.map((t) => t.rank)).toEqual([1, 2, 3]);
    expect(list.tasks[0]).toMatchObject({ index: 1, name: 'b.jpg', score: 0.04 });
    expect(list.tasks[0]!.reason).toContain('0.040');
    expect(list.tasks[1]!.cluster).toBe(2);
    expect(list.predicted).toBe(5);
    expect(list.unscored).toBe(1);
  });

  it('ranks unscored tasks last', () => {
    const list = labelNext(candidates, { strategy: 'score', k: 10 });
    expect(list.tasks.map((t) => t.taskId)).toEqual([12, 14, 11, 15, 13]);
    expect(list.tasks[4]!.score).toBeNull();
  });

  it('random is seeded: the same seed, the same order; another seed, another', () => {
    const a = labelNext(candidates, { strategy: 'random', k: 5, seed: 1 });
    const b = labelNext(candidates, { strategy: 'random', k: 5, seed: 1 });
    expect(a.tasks.map((t) => t.index)).toEqual(b.tasks.map((t) => t.index));
    expect([...a.tasks.map((t) => t.index)].sort()).toEqual([0, 1, 2, 3, 4]);
    const orders = new Set(
      [2, 3, 4, 5, 6].map((seed) =>
        labelNext(candidates, { strategy: 'random', k: 5, seed })
          .tasks.map((t) => t.index)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('the histogram counts the scores per tenth, 1 in the last bin', () => {
    expect(scoreHistogram([0, 0.04, 0.1, 0.5, 0.99, 1])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(labelNext(candidates, { strategy: 'score', k: 1 }).histogram).toEqual([
      1, 0, 0, 0, 0, 1, 0, 0, 0, 2,
    ]);
  });
});

describe('labelNextJson', () => {
  it('writes the ranked list with task ids, names, scores and reasons', () => {
    const json = JSON.parse(labelNextJson(labelNext(candidates, { strategy: 'score', k: 2 })));
    expect(json.strategy).toBe('score');
    expect(json.tasks).toEqual([
      expect.objectContaining({ rank: 1, task: 12, name: 'b.jpg', score: 0.04 }),
      expect.objectContaining({ rank: 2, task: 14, name: 'd.jpg', score: 0.5, cluster: 2 }),
    ]);
  });
});

describe('labelStudioTaskUrl', () => {
  it('opens the task in the project’s Data Manager, with or without a trailing slash', () => {
    expect(labelStudioTaskUrl('http://ls:8080/', 3, 42)).toBe(
      'http://ls:8080/projects/3/data?task=42',
    );
    expect(labelStudioTaskUrl('https://ls.example/studio', 3, 42)).toBe(
      'https://ls.example/studio/projects/3/data?task=42',
    );
  });
});
