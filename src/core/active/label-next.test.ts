import { describe, expect, it } from 'vitest';
import { certaintyOf } from './certainty';
import {
  labelNext,
  labelNextJson,
  labelNextWithClusters,
  labelStudioTaskUrl,
  scoreHistogram,
  type CandidateFeatures,
  type NextCandidate,
} from './label-next';

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

/** A classifier's tasks: score = top probability; certainties from the whole distribution. */
function classified(distributions: number[][]): NextCandidate[] {
  return distributions.map((p, index) => ({
    index,
    taskId: 100 + index,
    name: `t${index}`,
    score: Math.max(...p),
    certainties: {
      'least-confidence': certaintyOf(p, 'least-confidence'),
      margin: certaintyOf(p, 'margin'),
      entropy: certaintyOf(p, 'entropy'),
    },
  }));
}

describe('labelNext with class distributions', () => {
  // t0: near tie of two classes; t1: top 0.4 spread over three; t2: sure.
  const tasks = classified([
    [0.45, 0.44, 0.11],
    [0.4, 0.3, 0.3],
    [0.9, 0.05, 0.05],
  ]);

  it('least confidence, margin and entropy each order by their own measure', () => {
    const order = (strategy: 'least-confidence' | 'margin' | 'entropy') =>
      labelNext(tasks, { strategy, k: 3 }).tasks.map((t) => t.index);
    expect(order('least-confidence')).toEqual([1, 0, 2]);
    expect(order('margin')).toEqual([0, 1, 2]);
    expect(order('entropy')).toEqual([1, 0, 2]);
    const first = labelNext(tasks, { strategy: 'margin', k: 1 }).tasks[0]!;
    expect(first.certainty).toBeCloseTo(0.01, 6);
    expect(first.reason).toContain('margin');
  });

  it('a task without a distribution is ranked by its score, and counted', () => {
    const mixed = [...tasks, { index: 3, name: 'detector', score: 0.001 }];
    const list = labelNext(mixed, { strategy: 'margin', k: 4 });
    expect(list.tasks[0]!.index).toBe(3);
    expect(list.byScoreOnly).toBe(1);
  });
});

describe('labelNext diversity and clusters', () => {
  // Two tight groups of uncertain tasks and one far, certain task.
  const points = [
    [0, 0],
    [0.01, 0],
    [0, 0.01],
    [5, 5],
    [5.01, 5],
    [10, 10],
  ];
  const scores = [0.1, 0.11, 0.12, 0.13, 0.14, 0.99];
  const candidates: NextCandidate[] = scores.map((score, index) => ({
    index: index * 2,
    name: `p${index}`,
    score,
  }));
  const features: CandidateFeatures = { describe: 'test points', of: (i) => points[i] };

  it('diversity picks a spread batch: one task per group, not the three least certain', () => {
    const list = labelNext(candidates, { strategy: 'diversity', k: 2 }, features);
    const picked = list.tasks.map((t) => t.index);
    expect(picked[0]).toBe(0);
    expect(picked[1]).toBe(10); // the far task, since the pool holds 10 × k
    expect(list.features).toBe('test points');
  });

  it('every task gets the cluster of its nearest pick, written by task index', () => {
    const { list, clusterOf } = labelNextWithClusters(
      candidates,
      { strategy: 'diversity', k: 3 },
      features,
    );
    expect(list.tasks.map((t) => t.cluster)).toEqual([0, 1, 2]);
    expect([...clusterOf.keys()].sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(clusterOf.get(2)).toBe(clusterOf.get(0));
    expect(clusterOf.get(8)).toBe(clusterOf.get(6));
    expect(clusterOf.get(6)).not.toBe(clusterOf.get(0));
  });

  it('clusters: K k-means++ clusters for any order; tasks of a group share one', () => {
    const { list, clusterOf } = labelNextWithClusters(
      candidates,
      { strategy: 'score', k: 6, clusters: 3, seed: 4 },
      features,
    );
    expect(list.clusters).toBe(3);
    expect(new Set([clusterOf.get(0), clusterOf.get(2), clusterOf.get(4)]).size).toBe(1);
    expect(clusterOf.get(6)).toBe(clusterOf.get(8));
    expect(new Set(clusterOf.values()).size).toBe(3);
    expect(list.tasks.map((t) => t.index)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('a task without a vector is left out and counted', () => {
    const some: CandidateFeatures = {
      describe: 'some',
      of: (i) => (i === 1 ? undefined : points[i]),
    };
    const { list, clusterOf } = labelNextWithClusters(
      candidates,
      { strategy: 'diversity', k: 2 },
      some,
    );
    expect(list.tasks.map((t) => t.index)).not.toContain(2);
    expect(clusterOf.has(2)).toBe(false);
    expect(list.withoutFeatures).toBe(1);
  });

  it('cluster-margin takes one task per group of the 2 × k smallest margins, not the far certain one', () => {
    // Margins from the kept certainties: the first group is least certain.
    const withMargins = candidates.map((c, i) => ({
      ...c,
      certainties: { margin: scores[i]! },
    }));
    const list = labelNext(withMargins, { strategy: 'cluster-margin', k: 2, seed: 1 }, features);
    const picked = list.tasks.map((t) => t.index).sort((a, b) => a - b);
    expect(picked).toEqual([0, 6]); // each group's least certain; p5 (index 10) is no candidate
    expect(list.tasks[0]?.reason).toMatch(/margin between the two likeliest classes/);
    expect(list.features).toBe('test points');
    expect(list.clusters).toBe(2);
    expect(() => labelNext(candidates, { strategy: 'cluster-margin', k: 2 })).toThrow(
      /cluster-margin needs a feature vector/,
    );
  });

  it('diversity or clusters without any features say why', () => {
    expect(() => labelNext(candidates, { strategy: 'diversity', k: 2 })).toThrow(
      /diversity needs a feature vector/,
    );
    expect(() => labelNext(candidates, { strategy: 'score', k: 2, clusters: 2 })).toThrow(
      /clusters need a feature vector/,
    );
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
