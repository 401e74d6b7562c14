// `prelabel train` in-process on a small annotated export.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headPrediction, parseHead } from '../learn';
import { main } from './main';
import { textSink as sink } from '../../test/text-sink';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';

const makeTempDir = tempDirsRemovedAfterAll();

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
</View>`;

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

const GOOD = ['great', 'loved', 'wonderful', 'superb', 'lovely'];
const BAD = ['awful', 'hated', 'boring', 'dreadful', 'dull'];

function exportFile(dir: string): string {
  const tasks = [];
  for (let i = 0; i < 30; i++) {
    const good = i % 2 === 0;
    const word = (good ? GOOD : BAD)[i % 5];
    tasks.push({
      id: i + 1,
      data: { text: `a ${word} film, number ${i}` },
      annotations: [
        {
          id: 100 + i,
          result: [
            {
              from_name: 'sentiment',
              to_name: 'text',
              type: 'choices',
              value: { choices: [good ? 'Positive' : 'Negative'] },
            },
          ],
        },
      ],
    });
  }
  tasks.push({
    id: 99,
    data: { text: 'skipped' },
    annotations: [{ id: 1, was_cancelled: true, result: [] }],
  });
  tasks.push({
    id: 98,
    data: { text: 'renamed' },
    annotations: [
      {
        id: 2,
        result: [
          {
            from_name: 'sentiment',
            to_name: 'text',
            type: 'choices',
            value: { choices: ['Mixed'] },
          },
        ],
      },
    ],
  });
  const path = join(dir, 'annotated.json');
  writeFileSync(path, JSON.stringify(tasks));
  return path;
}

describe('prelabel train', () => {
  it('writes a head file and prints the quality estimate', async () => {
    const dir = makeTempDir('prelabel-train-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    const out = join(dir, 'head.json');
    const r = await run([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      exportFile(dir),
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'task 32 (id 98): label "Mixed" is not a choice of <Choices name="sentiment">',
    );
    expect(r.stdout).toContain(
      'learnt <Choices name="sentiment"> from 30 annotated tasks of 32 (1 skipped',
    );
    expect(r.stdout).toContain('examples per label: Positive 15, Negative 15, Neutral 0');
    expect(r.stdout).toMatch(
      /quality \(5-fold on the annotations\): accuracy \d+\.\d %, macro-F1 \d+\.\d %/,
    );
    const head = parseHead(JSON.parse(readFileSync(out, 'utf8')), out);
    expect(head).toMatchObject({
      labels: ['Positive', 'Negative', 'Neutral'],
      annotationCount: 30,
      multiple: false,
    });
    const p = headPrediction(head, 'a wonderful film', { fromName: 'sentiment', toName: 'text' });
    expect(p.result[0]?.value).toEqual({ choices: ['Positive'] });

    // The head is a model for `prelabel predict`, like any text classifier.
    writeFileSync(
      join(dir, 'new.json'),
      JSON.stringify([{ text: 'a lovely film' }, { text: 'a dreadful film' }]),
    );
    const predicted = join(dir, 'predicted.json');
    const p2 = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'new.json'),
      '--model',
      out,
      '--out',
      predicted,
    ]);
    expect(p2.code, p2.stderr).toBe(0);
    const tasks = JSON.parse(readFileSync(predicted, 'utf8')) as {
      predictions: { model_version: string; result: { value: { choices: string[] } }[] }[];
    }[];
    expect(tasks.map((t) => t.predictions[0]?.result[0]?.value.choices)).toEqual([
      ['Positive'],
      ['Negative'],
    ]);
    expect(tasks[0]?.predictions[0]?.model_version).toContain(head.modelVersion);
  });

  it('a file that is not a head is refused by predict, naming the file', async () => {
    const dir = makeTempDir('prelabel-train-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(join(dir, 't.json'), JSON.stringify([{ text: 'x' }]));
    writeFileSync(join(dir, 'not-a-head.json'), JSON.stringify({ hello: 1 }));
    const r = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 't.json'),
      '--model',
      join(dir, 'not-a-head.json'),
      '--out',
      join(dir, 'o.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-a-head.json');
  });

  it('refuses bad options with the usage', async () => {
    const r = await run(['train', '--config', 'c.xml', '--tasks', 't.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out is required');
    const h = await run([
      'train',
      '--config',
      'c',
      '--tasks',
      't',
      '--out',
      'o',
      '--hidden',
      '1.5',
    ]);
    expect(h.stderr).toContain('--hidden must be an integer from 0 to 1024, got "1.5"');
  });

  it('says when the config has no Choices on a Text', async () => {
    const dir = makeTempDir('prelabel-train-');
    writeFileSync(join(dir, 'config.xml'), '<View><Image name="i" value="$image"/></View>');
    writeFileSync(join(dir, 't.json'), '[]');
    const r = await run([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 't.json'),
      '--out',
      join(dir, 'h.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the labeling config has no <Choices> on a <Text>');
  });
});
