import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
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
