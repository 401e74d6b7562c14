// `prelabel predict` on text configs: the built-in tagger (always runs), the
// wl-news classifier and stories260K (need ../shared/models).
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, randomFloats } from '../../test/tiny-onnx';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';

const MODELS = fileURLToPath(new URL('../../../shared/models/', import.meta.url));
const present = fixturesPresent('stories260K', join(MODELS, 'stories260k/model.onnx'));
const TOKENIZER = join(MODELS, 'tokenizers/all-minilm-l6-v2');

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/>
  </Labels>
  <Choices name="topic" toName="text"><Choice value="Sports"/><Choice value="Politics"/></Choices>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <TextArea name="reply" toName="chat"/>
</View>`;

const TASKS = [
  {
    id: 1,
    data: {
      text: 'I ❤️ 🦄 hear Barack Obama visited Paris\r\non 27 May 2024.',
      dialogue: [
        { author: 'Mom', text: 'Once upon a time' },
        { author: 'Lily', text: 'Go on!' },
      ],
    },
  },
  {
    id: 2,
    data: {
      text: 'Senate passes the budget bill after a long vote',
      dialogue: [{ author: 'A', text: 'Hi' }],
    },
  },
  { id: 3, data: { dialogue: [] } },
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(model: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-text-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.xml'), CONFIG);
  writeFileSync(join(dir, 'tasks.json'), JSON.stringify(TASKS));
  let stderr = '';
  const err = new Writable({
    write(chunk, _e, done) {
      stderr += String(chunk);
      done();
    },
  });
  const out = join(dir, 'out.json');
  const args = ['predict', '--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')];
  const code = await main(
    [...args, '--model', model, '--out', out, ...extra],
    new Writable({ write: (_c, _e, done) => done() }),
    err,
  );
  if (!existsSync(out)) throw new Error(`no output (exit ${code}): ${stderr}`);
  const written = JSON.parse(readFileSync(out, 'utf8')) as {
    id: number;
    predictions: {
      model_version: string;
      score?: number;
      result: { type: string; value: Record<string, unknown> }[];
    }[];
  }[];
  return { code, stderr, written, dir };
}

describe('prelabel predict on a text config', () => {
  it('--model builtin-entities writes code point spans; a task without text fails by name', async () => {
    const { code, stderr, written } = await run('builtin-entities');
    expect(code).toBe(1);
    expect(stderr).toMatch(/task 3: the task has no \$text/);
    expect(written.map((t) => t.id)).toEqual([1, 2]);
    const values = written[0]!.predictions[0]!.result.map((r) => r.value);
    expect(values).toEqual([
      { start: 12, end: 24, text: 'Barack Obama', labels: ['PER'] },
      { start: 33, end: 38, text: 'Paris', labels: ['LOC'] },
      { start: 43, end: 54, text: '27 May 2024', labels: ['Date'] },
    ]);
    expect(written[0]!.predictions[0]!.model_version).toMatch(/^builtin-entities@[0-9a-f]{8}$/);
  });

  it.skipIf(!present)('a text-classification package (manifest.json) fills <Choices>', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'prelabel-wl-'));
    dirs.push(pkg);
    for (const f of [
      'wl-news-topic-en.onnx',
      'labels/wl-news-topic-en.labels.json',
      'labels/wl-news-topic-en.vocab.json',
    ])
      symlinkSync(join(MODELS, f), join(pkg, f.replace('labels/', '')));
    writeFileSync(
      join(pkg, 'manifest.json'),
      JSON.stringify({
        family: 'text-classification',
        id: 'wl-news',
        file: 'wl-news-topic-en.onnx',
        labels: 'wl-news-topic-en.labels.json',
        tokenizer: { scheme: 'word-vocab', vocab: 'wl-news-topic-en.vocab.json', maxLength: 30 },
      }),
    );
    const { written } = await run(pkg);
    const second = written.find((t) => t.id === 2)!.predictions[0]!;
    expect(second.result[0]?.value).toEqual({ choices: ['Politics'] });
    expect(second.score).toBeGreaterThan(0.3);
  });

  it.skipIf(!present)(
    'stories260K replies to the <Paragraphs> dialogue in the <TextArea>',
    async () => {
      const { written } = await run(join(MODELS, 'stories260k'), [
        '--max-tokens',
        '16',
        '--stop',
        '\\n',
      ]);
      const reply = written.find((t) => t.id === 1)!.predictions[0]!.result[0]!;
      expect(reply.type).toBe('textarea');
      expect((reply.value['text'] as string[])[0]).not.toMatch(/\n/);
      const templated = await run(join(MODELS, 'stories260k'), [
        '--max-tokens',
        '11',
        '--prompt',
        'Once upon a time',
      ]);
      const story = templated.written.find((t) => t.id === 2)!.predictions[0]!.result[0]!;
      expect(story.value).toEqual({ text: [', there was a little girl named Lily.'] });
    },
  );

  it.skipIf(!present)(
    'a token classifier package (tokenizer.json + BIO config.json) writes valid spans',
    async () => {
      const pkg = mkdtempSync(join(tmpdir(), 'prelabel-ner-'));
      dirs.push(pkg);
      for (const f of ['tokenizer.json', 'tokenizer_config.json'])
        symlinkSync(join(TOKENIZER, f), join(pkg, f));
      const tags = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
      writeFileSync(
        join(pkg, 'config.json'),
        JSON.stringify({
          architectures: ['BertForTokenClassification'],
          id2label: Object.fromEntries(tags.entries()),
        }),
      );
      // random weights: whatever it tags, every span must validate against the raw text
      const hidden = 8;
      writeFileSync(
        join(pkg, 'model.onnx'),
        buildModel({
          inputs: [
            { name: 'input_ids', type: 'int64', dims: [1, 'seq'] },
            { name: 'attention_mask', type: 'int64', dims: [1, 'seq'] },
          ],
          outputs: [{ name: 'logits', type: 'float32', dims: [1, 'seq', tags.length] }],
          initializers: [
            { name: 'E', dims: [30522, hidden], data: randomFloats(30522 * hidden, 5) },
            { name: 'W', dims: [hidden, tags.length], data: randomFloats(hidden * tags.length, 6) },
          ],
          nodes: [
            { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['h'] },
            { op: 'MatMul', inputs: ['h', 'W'], outputs: ['logits'] },
          ],
        }),
      );
      const { written, stderr } = await run(pkg, ['--map', 'PER=PER,LOC=LOC']);
      expect(stderr).toMatch(/→ "ner" \(span\) on "text"/);
      const spans = written.flatMap((t) => t.predictions[0]!.result);
      expect(spans.length).toBeGreaterThan(0);
      expect(new Set(spans.map((r) => r.type))).toEqual(new Set(['labels']));
    },
  );
});
