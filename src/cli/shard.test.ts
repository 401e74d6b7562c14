// --shard i/N: N runs together give every task exactly once.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LsTask } from '../core/tasks/types';
import { main } from './main';
import { parsePredictArgs, UsageError } from './predict-args';
import { parseShard, tasksOfShard } from './shard';

const quiet = () => new Writable({ write: (_c, _e, done) => done() });

describe('tasksOfShard', () => {
  it('splits any task list into N disjoint shards that cover it, in input order', () => {
    const task = fc.oneof(
      fc.record({ id: fc.integer({ min: 1, max: 10_000_000 }), data: fc.constant({}) }),
      fc.record({ data: fc.record({ text: fc.string() }) }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(task, { selector: (t) => ('id' in t ? t.id : Symbol()), maxLength: 300 }),
        fc.integer({ min: 1, max: 12 }),
        (tasks: LsTask[], count) => {
          const shards = Array.from({ length: count }, (_, index) =>
            tasksOfShard(tasks, { index, count }),
          );
          const seen = shards.flat();
          expect(seen).toHaveLength(tasks.length);
          expect(new Set(seen).size).toBe(tasks.length);
          for (const shard of shards) {
            const positions = shard.map((t) => tasks.indexOf(t));
            expect(positions).toEqual([...positions].sort((a, b) => a - b));
          }
        },
      ),
    );
  });

  it('puts a task in the same shard whatever else is in the input', () => {
    const tasks: LsTask[] = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, data: {} }));
    const reversed = [...tasks].reverse();
    for (let index = 0; index < 4; index++) {
      const a = tasksOfShard(tasks, { index, count: 4 }).map((t) => t.id);
      const b = tasksOfShard(reversed, { index, count: 4 }).map((t) => t.id);
      expect(new Set(b)).toEqual(new Set(a));
      // Roughly even: a hash, not a range.
      expect(a.length).toBeGreaterThan(200);
      expect(a.length).toBeLessThan(300);
    }
  });

  it('parses i/N and refuses what is not a shard', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['5/5', '1/0', '-1/3', 'a/b', '3', '']) {
      expect(() => parseShard(bad)).toThrow(/--shard must be i\/N/);
    }
    const base = ['--config', 'c', '--tasks', 't', '--model', 'm', '--out', 'o'];
    expect(parsePredictArgs([...base, '--shard', '1/3']).shard).toEqual({ index: 1, count: 3 });
    expect(() => parsePredictArgs([...base, '--shard', '3/3'])).toThrow(UsageError);
  });
});

const shared = resolve(process.cwd(), '../shared');
const model = join(shared, 'models/yolov8n-int8dyn-320.onnx');
const haveShared = existsSync(model);
if (!haveShared && process.env.PRELABEL_REQUIRE_SHARED === '1') {
  throw new Error(`shard: ${model} is required (PRELABEL_REQUIRE_SHARED=1) but absent`);
}
if (!haveShared) console.warn(`shard: ${shared} absent, skipping the 3-process predict test`);

describe.skipIf(!haveShared)('prelabel predict --shard', () => {
  it('three shards write every task once between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-shard-'));
    const images = join(shared, 'fixtures/images');
    const names = [
      'astronaut.png',
      'chelsea.png',
      'coffee.png',
      'horse.png',
      'rocket.jpg',
      'camera.png',
    ];
    const tasks = names.flatMap((name, i) => [
      { id: 10 + i, data: { image: join(images, name) } },
      { id: 100 + i, data: { image: join(images, name) } },
    ]);
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
    writeFileSync(
      join(dir, 'config.xml'),
      '<View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="person"/><Label value="cat"/></RectangleLabels></View>',
    );
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const out = join(dir, `out-${i}.json`);
      const code = await main(
        [
          'predict',
          ...['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')],
          ...['--model', model, '--out', out, '--shard', `${i}/3`],
        ],
        quiet(),
        quiet(),
      );
      expect(code).toBe(0);
      ids.push(...(JSON.parse(readFileSync(out, 'utf8')) as { id: number }[]).map((t) => t.id));
    }
    expect(ids.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id).sort((a, b) => a - b));
  });
});
