// `prelabel train` on <Choices> on an <Audio> with real spoken digits
// (../shared/datasets/fsdd), then `prelabel predict --model` on the folder it
// writes (the audio-classification family: openWakeWord models + head.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink as sink } from '../../test/text-sink';

const fsdd = resolve(process.cwd(), '../shared/datasets/fsdd');
const have = fixturesPresent('audio head tests', fsdd);
const makeTempDir = tempDirsRemovedAfterAll();

const DIGITS = ['0', '1', '2'];
const SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'];
const config = (multiple: boolean) =>
  `<View><Audio name="audio" value="$audio"/><Choices name="digit" toName="audio"${multiple ? ' choice="multiple"' : ''}>${DIGITS.map(
    (d) => `<Choice value="${d}"/>`,
  ).join('')}</Choices></View>`;

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe.skipIf(!have)('prelabel train on audio, then predict with the folder', () => {
  let dir = '';
  // Recordings 0 and 1 of every speaker: 36 annotated clips.
  const clips = DIGITS.flatMap((digit) =>
    SPEAKERS.flatMap((speaker) =>
      [0, 1].map((i) => ({ audio: join(fsdd, digit, `${digit}_${speaker}_${i}.wav`), digit })),
    ),
  );
  const annotated = clips.map((c, i) => ({
    id: i + 1,
    data: { audio: c.audio },
    annotations: [
      {
        id: i + 1,
        result: [
          { from_name: 'digit', to_name: 'audio', type: 'choices', value: { choices: [c.digit] } },
        ],
      },
    ],
  }));
  let trained = { code: -1, stdout: '', stderr: '' };
  beforeAll(async () => {
    dir = makeTempDir('prelabel-audio-head-');
    writeFileSync(join(dir, 'config.xml'), config(false));
    writeFileSync(join(dir, 'annotated.json'), JSON.stringify(annotated));
    trained = await run([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'annotated.json'),
      '--out',
      join(dir, 'digits'),
    ]);
  }, 300_000);

  it('writes the folder the audio-classification family reads', () => {
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('from the openWakeWord embeddings of 36 annotated clips');
    for (const f of ['melspectrogram.onnx', 'embedding_model.onnx', 'head.json']) {
      expect(existsSync(join(dir, 'digits', f))).toBe(true);
    }
    const head = JSON.parse(readFileSync(join(dir, 'digits', 'head.json'), 'utf8')) as {
      classNames: string[];
      weights: number[][];
      bias: number[];
    };
    expect(Object.keys(head).sort()).toEqual(['bias', 'classNames', 'weights']);
    expect(head.classNames).toEqual(DIGITS);
    expect(head.weights.map((w) => w.length)).toEqual([192, 192, 192]);
  });

  it('predicts the training clips mostly as annotated', async () => {
    const out = join(dir, 'predicted.json');
    writeFileSync(
      join(dir, 'new.json'),
      JSON.stringify(clips.map((c, i) => ({ id: i + 1, data: { audio: c.audio } }))),
    );
    const r = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'new.json'),
      '--model',
      join(dir, 'digits'),
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(audio-classification)');
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as {
      predictions: { score: number; result: { value: { choices: string[] } }[] }[];
    }[];
    const right = tasks.filter(
      (t, i) => t.predictions[0]?.result[0]?.value.choices[0] === clips[i]!.digit,
    ).length;
    expect(right).toBeGreaterThanOrEqual(30);
    for (const t of tasks) expect(t.predictions[0]?.score).toBeGreaterThan(1 / DIGITS.length);
  }, 300_000);

  it('refuses choice="multiple" (the family reads one softmax) and a .json --out', async () => {
    writeFileSync(join(dir, 'multi.xml'), config(true));
    const r = await run([
      'train',
      '--config',
      join(dir, 'multi.xml'),
      '--tasks',
      join(dir, 'annotated.json'),
      '--out',
      join(dir, 'multi'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<Choices name="digit"> is choice="multiple"');
    const file = await run([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'annotated.json'),
      '--out',
      join(dir, 'head.json'),
    ]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('an audio head is a folder');
    expect(existsSync(join(dir, 'head.json'))).toBe(false);
  });
});
