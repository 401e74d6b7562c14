// "Label next" by committee disagreement on image tasks, on the real
// MobileNetV2-int8 backbone and shared flower photos: bootstrapped dense heads
// on the Online learning backbone's features (cached there, extracted as the
// image learner extracts them) rank the unlabelled photos as `prelabel rank
// --strategy committee --backbone` does; without a backbone it says to drop
// one. Both sides run onnxruntime-node here, so only the committee code is
// compared (the worker's WASM features are compared with the CLI's in
// learn/image-heads.test.ts).
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committeeAgreement } from '../core/active';
import { parseLabelingConfig } from '../core/config';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import { main } from '../cli/main';
import { decodeImageRgba } from '../models/predictor/node-image';
import { nodeRuntime } from '../models/predictor/node-runtime';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { EngineLearn } from './learn/engine-learn';
import { MemoryVersionStore } from './learn/version-store';
import { COMMITTEE_NEEDS_BACKBONE, labelNextCommittee } from './label-next-committee';
import { RankEvidence, rankLabelNext } from './label-next-run';

const shared = resolve(process.cwd(), '../shared');
const BACKBONE = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const FLOWERS = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('image committee in Label next', BACKBONE, FLOWERS);
const makeTempDir = tempDirsRemovedAfterAll();

const LABELS = ['daisy', 'roses', 'sunflowers'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;

/** Per flower 4 annotated photos and 3 unlabelled ones; one more task whose image is missing. */
function flowerTasks(): LsTask[] {
  const tasks: LsTask[] = [];
  for (const label of LABELS) {
    const photos = readdirSync(join(FLOWERS, label)).sort().slice(0, 7);
    photos.forEach((f, k) => {
      const id = tasks.length + 1;
      tasks.push({
        id,
        data: { image: join(FLOWERS, label, f) },
        ...(k < 4
          ? {
              annotations: [
                {
                  id: 100 + id,
                  result: [
                    {
                      from_name: 'flower',
                      to_name: 'image',
                      type: 'choices',
                      value: { choices: [label] },
                    },
                  ],
                },
              ],
            }
          : {}),
      } as LsTask);
    });
  }
  tasks.push({ id: tasks.length + 1, data: { image: join(FLOWERS, 'no-such-photo.jpg') } });
  return tasks;
}

const prediction: LsPrediction = { model_version: 'm', score: 0.5, result: [] };

describe.skipIf(!have)('Label next by committee disagreement on image tasks', () => {
  const config = parseLabelingConfig(CONFIG);
  const tasks = flowerTasks();
  const decoded: string[] = [];
  const learner = (featureCacheBytes?: number) =>
    new EngineLearn(
      {
        config: () => config,
        tasks: () => tasks,
        session: () => {
          throw new Error('no Label Studio here');
        },
        scope: () => 'local',
        release: () => undefined,
        image: (reference) => {
          decoded.push(reference);
          return decodeImageRgba(reference);
        },
      },
      {
        openStore: async () => new MemoryVersionStore(),
        runtime: () => nodeRuntime('node'),
        ...(featureCacheBytes ? { featureCacheBytes } : {}),
      },
    );
  const backbone = () =>
    new File([new Uint8Array(readFileSync(BACKBONE))], 'mobilenetv2-12-int8.onnx');
  const learn = learner();
  const hostOf = (l: EngineLearn) => ({
    annotatedTasks: () => l.annotatedTasks(),
    tasks: () => tasks,
    imageFeatures: () => l.imageFeatures(),
  });
  const host = hostOf(learn);
  const rank = (k: number, on = host) =>
    rankLabelNext(
      {
        async *entries() {
          for (let i = 0; i < tasks.length; i++) yield [i, prediction] as const;
        },
        taskId: (i) => tasks[i]?.id,
        name: (i) => `task ${i + 1}`,
        evidence: new RankEvidence(),
        committee: () => labelNextCommittee(on, { seed: 3 }),
      },
      { strategy: 'committee', k, seed: 3 },
    );

  it('without a backbone, says to drop one in Online learning', async () => {
    await expect(rank(5)).rejects.toThrow(COMMITTEE_NEEDS_BACKBONE);
    expect(decoded).toEqual([]);
  });

  it('ranks the unlabelled photos as prelabel rank --strategy committee --backbone does', async () => {
    await learn.learnSetBackbone(backbone());
    const { list } = await rank(100);
    // The 12 annotated photos are left out; the missing image has no features: ranked last.
    expect(list.tasks).toHaveLength(10);
    expect(list.tasks.at(-1)).toMatchObject({ taskId: 22, certainty: null });
    expect(list.tasks[0]!.reason).toContain('committee agreement');
    const certainties = list.tasks.slice(0, -1).map((t) => t.certainty!);
    expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
    expect(certainties[0]).toBeLessThan(certainties.at(-1)!);
    // Every image was read once (features cached, as the image learner caches them)…
    expect(new Set(decoded).size).toBe(decoded.length);
    expect(decoded).toHaveLength(22);
    // …so ranking again (a new committee here) reads none but the missing one.
    decoded.length = 0;
    expect((await rank(100)).list.tasks.map((t) => t.taskId)).toEqual(
      list.tasks.map((t) => t.taskId),
    );
    expect(decoded).toEqual([tasks[21]!.data.image]);

    // The same certainties as a committee asked directly: the agreement of its members.
    const committee = await labelNextCommittee(host, { seed: 3 });
    expect(committee).toMatchObject({ learnt: 12, members: 5 });
    const asked = await committee.probabilities(list.tasks.map((t) => t.index));
    list.tasks.slice(0, -1).forEach((t, k) => {
      expect(t.certainty).toBeCloseTo(committeeAgreement(asked[k]!), 12);
    });

    // The CLI on the same tasks: the annotated ones as the export, all as the tasks file.
    const dir = makeTempDir('prelabel-image-committee-');
    const files = {
      config: join(dir, 'config.xml'),
      annotations: join(dir, 'export.json'),
      predictions: join(dir, 'tasks.json'),
      out: join(dir, 'next.json'),
    };
    writeFileSync(files.config, CONFIG);
    writeFileSync(files.annotations, JSON.stringify(tasks.filter((t) => t.annotations)));
    writeFileSync(
      files.predictions,
      JSON.stringify(tasks.map((t) => ({ id: t.id, data: t.data, predictions: [prediction] }))),
    );
    const err = textSink();
    const code = await main(
      ['rank', '--strategy', 'committee', '--seed', '3', '--config', files.config].concat([
        '--annotations',
        files.annotations,
        '--backbone',
        BACKBONE,
        '--predictions',
        files.predictions,
        '--out',
        files.out,
      ]),
      undefined,
      err.stream,
    );
    // 1: a task had a problem (the missing photo, named), the rest were ranked.
    expect(code, err.text()).toBe(1);
    expect(err.text()).toContain(
      'committee of 5 bootstrapped dense heads on the backbone features learnt from 12 annotated tasks',
    );
    expect(err.text()).toMatch(/task 22: no image features for the committee .*no-such-photo\.jpg/);
    const cli = JSON.parse(readFileSync(files.out, 'utf8')) as {
      tasks: { task: number; certainty: number | null }[];
    };
    expect(list.tasks.map((t) => t.taskId)).toEqual(cli.tasks.map((t) => t.task));
    list.tasks.slice(0, -1).forEach((t, i) => {
      expect(t.certainty).toBeCloseTo(cli.tasks[i]!.certainty!, 9);
    });
  }, 180_000);

  it('keeps a bounded number of features: past it, the least recently used are read again', async () => {
    // Room for 4 MobileNetV2 vectors (1280 floats each).
    const small = learner(4 * 1280 * 4);
    await small.learnSetBackbone(backbone());
    decoded.length = 0;
    const { list } = await rank(100, hostOf(small));
    expect(decoded).toHaveLength(22);
    decoded.length = 0;
    // 21 photos through room for 4: all are read again (the default cache reads none, above).
    const again = await rank(100, hostOf(small));
    expect(decoded).toHaveLength(22);
    expect(again.list.tasks.map((t) => t.certainty)).toEqual(list.tasks.map((t) => t.certainty));
  }, 180_000);

  it('without a backbone on the command line, the CLI says to give one', async () => {
    const dir = makeTempDir('prelabel-image-committee-nb-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(join(dir, 'export.json'), JSON.stringify(tasks.filter((t) => t.annotations)));
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
    const err = textSink();
    const code = await main(
      ['rank', '--strategy', 'committee', '--config', join(dir, 'config.xml')].concat([
        '--annotations',
        join(dir, 'export.json'),
        '--predictions',
        join(dir, 'tasks.json'),
        '--out',
        join(dir, 'next.json'),
      ]),
      undefined,
      err.stream,
    );
    expect(code).not.toBe(0);
    expect(err.text()).toContain(
      'config.xml: the <Choices> labels an <Image>: a committee on images learns on a backbone',
    );
  });
});
