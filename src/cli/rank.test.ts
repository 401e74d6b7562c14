import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';
import { textSink as sink } from '../../test/text-sink';

describe('prelabel rank', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prelabel-rank-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const tasks = [
    {
      id: 11,
      data: { image: 'a.jpg' },
      predictions: [{ model_version: 'm', score: 0.8, result: [] }],
    },
    {
      id: 12,
      data: { image: 'b.jpg' },
      predictions: [{ model_version: 'm', score: 0.2, result: [] }],
    },
    { id: 13, data: { image: 'c.jpg' }, predictions: [] },
    {
      id: 14,
      data: { image: 'd.jpg' },
      predictions: [{ model_version: 'm', score: 0.5, result: [] }],
    },
  ];

  it('orders tasks with predictions least certain first, unscored last', async () => {
    const input = join(dir, 'tasks.json');
    const out = join(dir, 'next.json');
    await writeFile(input, JSON.stringify(tasks));
    const err = sink();
    const code = await main(['rank', '--predictions', input, '--out', out], undefined, err.stream);
    expect(code).toBe(0);
    const next = JSON.parse(await readFile(out, 'utf8'));
    expect(next.tasks.map((t: { task: number }) => t.task)).toEqual([12, 14, 11, 13]);
    expect(err.text()).toContain('1 of the tasks have no score');
  });

  it('reads predictions-only files and keeps --k', async () => {
    const input = join(dir, 'predictions.json');
    const out = join(dir, 'next-k.json');
    const predictions = tasks.flatMap((t) => t.predictions.map((p) => ({ ...p, task: t.id })));
    await writeFile(input, JSON.stringify(predictions));
    expect(await main(['rank', '--predictions', input, '--out', out, '--k', '2'])).toBe(0);
    const next = JSON.parse(await readFile(out, 'utf8'));
    expect(next.tasks.map((t: { task: number }) => t.task)).toEqual([12, 14]);
  });

  it('random writes scores in its own order for Label Studio to sort by', async () => {
    const input = join(dir, 'tasks-r.json');
    const out = join(dir, 'next-r.json');
    const rescore = join(dir, 'rescored.json');
    await writeFile(input, JSON.stringify(tasks));
    const args = ['rank', '--predictions', input, '--out', out, '--strategy', 'random'];
    expect(await main([...args, '--seed', '3', '--rescore', rescore])).toBe(0);
    const order = JSON.parse(await readFile(out, 'utf8')).tasks.map(
      (t: { task: number }) => t.task,
    );
    const rescored = JSON.parse(await readFile(rescore, 'utf8')) as typeof tasks;
    const byScore = rescored
      .filter((t) => t.predictions.length > 0)
      .sort((a, b) => a.predictions[0]!.score - b.predictions[0]!.score)
      .map((t) => t.id);
    expect(byScore).toEqual(order.filter((id: number) => id !== 13));
  });

  it('refuses strategies a file cannot serve, and bad JSON, naming the cause', async () => {
    const input = join(dir, 'bad.json');
    await writeFile(input, '{"not": "a list"');
    const err = sink();
    const args = ['rank', '--predictions', input, '--out', join(dir, 'x.json')];
    expect(await main([...args, '--strategy', 'margin'], undefined, err.stream)).toBe(2);
    expect(err.text()).toContain('class distribution');
    const err2 = sink();
    expect(await main(args, undefined, err2.stream)).toBe(2);
    expect(err2.text()).toContain('bad.json is not valid JSON');
  });
});

describe('prelabel rank with feature vectors: diversity and clusters', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prelabel-rank-f-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Two groups of tasks far apart: 1–3 near the origin, 4–6 near (10, 10).
  const points: Record<number, number[]> = {
    1: [0, 0],
    2: [0.2, 0.1],
    3: [0.1, 0.3],
    4: [10, 10],
    5: [10.2, 9.9],
    6: [9.8, 10.1],
  };
  const scores: Record<number, number> = { 1: 0.1, 2: 0.2, 3: 0.3, 4: 0.6, 5: 0.7, 6: 0.8 };
  const tasks = Object.keys(points).map((id) => ({
    id: Number(id),
    data: { image: `${id}.jpg` },
    predictions: [{ model_version: 'm', score: scores[Number(id)], result: [] }],
  }));
  type Written = { id: number; predictions: { score: number; cluster?: number }[] }[];

  async function run(extra: string[], features = points) {
    const input = join(dir, 'tasks.json');
    const featureFile = join(dir, 'features.json');
    const out = join(dir, 'next.json');
    const rescore = join(dir, 'ranked.json');
    await writeFile(input, JSON.stringify(tasks));
    await writeFile(
      featureFile,
      JSON.stringify(
        Object.entries(features).map(([task, f]) => ({ task: Number(task), features: f })),
      ),
    );
    const err = sink();
    const args = ['rank', '--predictions', input, '--out', out, '--rescore', rescore];
    const code = await main([...args, '--features', featureFile, ...extra], undefined, err.stream);
    const next = JSON.parse(await readFile(out, 'utf8')) as {
      tasks: { task: number; cluster?: number }[];
    };
    const written = JSON.parse(await readFile(rescore, 'utf8')) as Written;
    const clusterOf = (id: number) => written.find((t) => t.id === id)!.predictions[0]!.cluster;
    return { code, err: err.text(), next, written, clusterOf };
  }

  it('--clusters K writes each prediction’s cluster: one per group, kept scores', async () => {
    const { code, next, written, clusterOf } = await run(['--clusters', '2']);
    expect(code).toBe(0);
    const ids = [1, 2, 3, 4, 5, 6].map(clusterOf);
    expect(ids.every((c) => c === 0 || c === 1)).toBe(true);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[3]);
    // The score strategy keeps each prediction's own score.
    expect(written.map((t) => t.predictions[0]!.score)).toEqual(
      tasks.map((t) => t.predictions[0]!.score),
    );
    expect(next.tasks.map((t) => t.task)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(next.tasks.map((t) => t.cluster)).toEqual(ids);
  });

  it('diversity picks a batch across the groups; every prediction gets the nearest pick as cluster', async () => {
    const { code, next, written, clusterOf } = await run(['--strategy', 'diversity', '--k', '2']);
    expect(code).toBe(0);
    const picks = next.tasks.map((t) => t.task);
    expect(picks).toHaveLength(2);
    expect(picks[0]).toBe(1); // the least certain first
    expect(picks[1]).toBeGreaterThanOrEqual(4); // then the far group, though less uncertain
    expect(next.tasks.map((t) => t.cluster)).toEqual([0, 1]);
    expect([1, 2, 3].map(clusterOf)).toEqual([0, 0, 0]);
    expect([4, 5, 6].map(clusterOf)).toEqual([1, 1, 1]);
    // Label Studio's sort by score gives the batch first, then the rest by score.
    const byScore = [...written]
      .sort((a, b) => a.predictions[0]!.score - b.predictions[0]!.score)
      .map((t) => t.id);
    expect(byScore.slice(0, 2)).toEqual(picks);
    expect(byScore.slice(2)).toEqual([1, 2, 3, 4, 5, 6].filter((id) => !picks.includes(id)));
  });

  it('cluster-margin takes each group’s least certain of the 2 × k lowest scores', async () => {
    const { code, next, written, clusterOf } = await run([
      '--strategy',
      'cluster-margin',
      '--k',
      '2',
    ]);
    expect(code).toBe(0);
    // Candidates 1–4 (a predictions file has no margins: the score stands in);
    // the smaller cluster, task 4 alone, comes first.
    expect(next.tasks.map((t) => t.task)).toEqual([4, 1]);
    expect([1, 2, 3].map(clusterOf)).toEqual([1, 1, 1]);
    expect([4, 5, 6].map(clusterOf)).toEqual([0, 0, 0]);
    const byScore = [...written]
      .sort((a, b) => a.predictions[0]!.score - b.predictions[0]!.score)
      .map((t) => t.id);
    expect(byScore).toEqual([4, 1, 2, 3, 5, 6]);
  });

  it('names a task without a vector, and ranks the others', async () => {
    const { 5: _dropped, ...fewer } = points;
    const { code, err, next, clusterOf } = await run(
      ['--strategy', 'diversity', '--k', '2'],
      fewer,
    );
    expect(code).toBe(1);
    expect(err).toContain('task 5: no feature vector');
    expect(next.tasks).toHaveLength(2);
    expect(clusterOf(5)).toBeUndefined();
    expect(clusterOf(6)).toBeTypeOf('number');
  });

  it('names a bad item of the features file and goes on', async () => {
    const input = join(dir, 'tasks-bad-f.json');
    const featureFile = join(dir, 'features-bad.json');
    await writeFile(input, JSON.stringify(tasks));
    const rows = Object.entries(points).map(([task, f]) => ({ task: Number(task), features: f }));
    await writeFile(featureFile, JSON.stringify([...rows, { features: [1, 2] }]));
    const err = sink();
    const args = ['rank', '--predictions', input, '--out', join(dir, 'next-bad.json')];
    const more = ['--features', featureFile, '--clusters', '2'];
    expect(await main([...args, ...more], undefined, err.stream)).toBe(1);
    expect(err.text()).toContain('features-bad.json item 7: not {"task": id');
    const next = JSON.parse(await readFile(join(dir, 'next-bad.json'), 'utf8'));
    expect(next.tasks).toHaveLength(6);
  });

  it('refuses diversity, cluster-margin and --clusters without feature vectors', async () => {
    const input = join(dir, 'plain.json');
    await writeFile(input, JSON.stringify(tasks));
    const args = ['rank', '--predictions', input, '--out', join(dir, 'x.json')];
    const err = sink();
    expect(await main([...args, '--strategy', 'diversity'], undefined, err.stream)).toBe(2);
    expect(err.text()).toContain('--strategy diversity needs feature vectors');
    const err3 = sink();
    expect(await main([...args, '--strategy', 'cluster-margin'], undefined, err3.stream)).toBe(2);
    expect(err3.text()).toContain('--strategy cluster-margin needs feature vectors');
    const err2 = sink();
    expect(await main([...args, '--clusters', '3'], undefined, err2.stream)).toBe(2);
    expect(err2.text()).toContain('--clusters needs feature vectors');
  });
});

const shared = resolve(process.cwd(), '../shared');
const backbone = join(shared, 'models/mobilenetv2-12-int8.onnx');
const photos = join(shared, 'fixtures/images');
const haveBackbone = fixturesPresent('prelabel rank --backbone', backbone, photos);

describe.skipIf(!haveBackbone)(
  'prelabel rank --backbone (MobileNetV2 features of the images)',
  () => {
    it('clusters the photos by their features and names an unreadable image', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'prelabel-rank-b-'));
      try {
        const files = ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png', 'missing.png'];
        const tasks = files.map((f, i) => ({
          id: i + 1,
          data: { image: join(photos, f) },
          predictions: [{ model_version: 'm', score: (i + 1) / 10, result: [] }],
        }));
        const input = join(dir, 'tasks.json');
        const out = join(dir, 'next.json');
        const rescore = join(dir, 'ranked.json');
        await writeFile(input, JSON.stringify(tasks));
        const err = sink();
        const args = ['rank', '--predictions', input, '--out', out, '--rescore', rescore];
        const more = ['--backbone', backbone, '--strategy', 'diversity', '--k', '3'];
        expect(await main([...args, ...more], undefined, err.stream)).toBe(1);
        expect(err.text()).toMatch(/task 5: .*missing\.png/);
        const next = JSON.parse(await readFile(out, 'utf8')) as {
          tasks: { task: number; cluster: number }[];
        };
        expect(next.tasks).toHaveLength(3);
        expect(next.tasks.map((t) => t.cluster)).toEqual([0, 1, 2]);
        const written = JSON.parse(await readFile(rescore, 'utf8')) as {
          predictions: { cluster?: number }[];
        }[];
        const clusters = written.map((t) => t.predictions[0]!.cluster);
        expect(clusters.slice(0, 4).every((c) => c !== undefined && c >= 0 && c < 3)).toBe(true);
        expect(clusters[4]).toBeUndefined();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
