// Text models behind /setup and /predict, the way Label Studio calls them
// (protocol-fixtures.ts): the built-in tagger fills <Labels> spans with code
// point offsets, the wl-news classifier a <Choices> on a <Paragraphs>
// dialogue, stories260K a <TextArea> reply, a head from `prelabel train` a
// <Choices> on a <Text>. A task without the text gets no prediction (an empty item) (logged
// by name); a config the model cannot fill, a 400 naming what it needs; a
// folder no family recognises stops `prelabel serve` before it starts.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesPresent } from '../../test/require-fixtures';
import { buildModel, randomFloats } from '../../test/tiny-onnx';
import { trainTextClassifier } from '../learn';
import { serve as startServe } from '../cli/serve';
import { parseServeArgs } from '../cli/serve-args';
import {
  DIALOGUE_CONFIG,
  IMAGE_CONFIG,
  NER_CONFIG,
  TEXT_CONFIG,
  predictBody,
  setupBody,
  simpleTask,
} from './protocol-fixtures';
import { startHarness, until, type Harness } from './test-support/harness';
import type { ServeModelOptions } from './model-adapter';

const MODELS = resolve(process.cwd(), '../shared/models');
const dirs: string[] = [];
const harnesses: Harness[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Label Studio's /setup, repeated (as it does before predicting) until the model has loaded. */
async function setUp(model: ServeModelOptions, config: string) {
  const serve = await startHarness({ model });
  harnesses.push(serve);
  let reply = await serve.post('/setup', setupBody('http://127.0.0.1:9', 'token', config));
  await until(async () => {
    if (reply.status !== 200 || !String(reply.body.model_version).endsWith('@loading')) return true;
    reply = await serve.post('/setup', setupBody('http://127.0.0.1:9', 'token', config));
    return false;
  }, 'the model to load');
  return { serve, reply };
}

interface SentResult {
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}
const resultsOf = (reply: { body: { results?: Record<string, unknown>[] } }, i: number) =>
  reply.body.results![i]!.result as SentResult[];

describe('prelabel serve --model builtin-entities', () => {
  const emoji = 'I ❤️ 🦄 hear Barack Obama visited Paris\r\non 27 May 2024.';

  it('says at /setup which control it fills and predicts code point spans per task', async () => {
    const { serve, reply } = await setUp({ model: 'builtin-entities' }, NER_CONFIG);
    expect(reply.status).toBe(200);
    const version = reply.body.model_version as string;
    expect(version).toMatch(/^builtin-entities@[0-9a-f]{8}$/);
    expect(serve.log.join('')).toContain(
      'project 3: builtin-entities (text-entities) → "ner" (span) on "text"',
    );

    const tasks = [
      simpleTask(1, { text: emoji }),
      simpleTask(2, { title: 'a task without the text field' }),
      simpleTask(3, { text: 'nothing to find here' }),
    ];
    const predicted = await serve.post('/predict', predictBody(tasks, NER_CONFIG));
    expect(predicted.status).toBe(200);
    expect(predicted.body.results).toHaveLength(3);
    const spans = resultsOf(predicted, 0);
    for (const span of spans) {
      expect(span).toMatchObject({ from_name: 'ner', to_name: 'text', type: 'labels' });
      const { start, end, text } = span.value as { start: number; end: number; text: string };
      // Label Studio counts code points: the emoji and \r\n before the spans shift UTF-16 offsets.
      expect([...emoji].slice(start, end).join('')).toBe(text);
    }
    expect(spans.map((s) => [s.value.text, s.value.labels])).toEqual([
      ['Barack Obama', ['Person']],
      ['Paris', ['Location']],
      ['27 May 2024', ['Date']],
    ]);
    expect(spans.map((s) => [s.value.start, s.value.end])).toEqual([
      [12, 24],
      [33, 38],
      [43, 54],
    ]);
    expect(predicted.body.results![0]!.model_version).toBe(version);
    expect(predicted.body.results![1]).toEqual([]);
    expect(serve.log.join('')).toMatch(
      /task 2: no prediction \(asked again next run\): the task has no \$text/,
    );
  });

  it('spans on a <HyperText> (XPaths) and a <Paragraphs> (paragraph indices)', async () => {
    const task = simpleTask(1, {
      html: '<p>Yesterday <b>Barack Obama</b> spoke.</p>',
      chat: [
        { author: 'a', text: 'Hello.' },
        { author: 'b', text: 'We went to Paris.' },
      ],
    });
    const page = `<View><HyperText name="page" value="$html"/>
  <HyperTextLabels name="web" toName="page"><Label value="PER" predicted_values="Person"/></HyperTextLabels></View>`;
    const chat = `<View><Paragraphs name="chat" value="$chat"/>
  <ParagraphLabels name="talk" toName="chat"><Label value="LOC" predicted_values="Place"/></ParagraphLabels></View>`;
    const expected: Record<string, Record<string, unknown>> = {
      [page]: {
        type: 'hypertextlabels',
        start: '/p[1]/b[1]/text()[1]',
        startOffset: 0,
        endOffset: 12,
        text: 'Barack Obama',
        hypertextlabels: ['PER'],
      },
      [chat]: {
        type: 'paragraphlabels',
        start: '1',
        end: '1',
        startOffset: 11,
        endOffset: 16,
        text: 'Paris',
        paragraphlabels: ['LOC'],
      },
    };
    for (const config of [page, chat]) {
      const { serve } = await setUp({ model: 'builtin-entities' }, config);
      const predicted = await serve.post('/predict', predictBody([task], config));
      const { type, ...value } = expected[config]!;
      expect(resultsOf(predicted, 0)).toEqual([
        expect.objectContaining({ type, value: expect.objectContaining(value) }),
      ]);
    }
  });

  it('answers 400 naming what it needs for a config it cannot fill', async () => {
    const { reply } = await setUp({ model: 'builtin-entities' }, IMAGE_CONFIG);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(
      /^the model cannot label this config: the labeling config has no <Labels> on a <Text>/,
    );
  });
});

describe('prelabel serve --model with a head from prelabel train', () => {
  it('fills the <Choices> on the <Text> (the head is the fixed model, not the learner)', async () => {
    const good = ['great', 'loved', 'wonderful', 'superb', 'lovely'];
    const bad = ['awful', 'hated', 'boring', 'dreadful', 'dull'];
    const examples = [...good, ...bad].flatMap((word, i) =>
      [0, 1].map((n) => ({
        text: `a ${word} film, number ${i * 2 + n}`,
        labels: [i < 5 ? 'Positive' : 'Negative'],
      })),
    );
    const head = join(tempDir('prelabel-head-'), 'head.json');
    writeFileSync(head, JSON.stringify(trainTextClassifier(examples)));
    const { serve, reply } = await setUp({ model: head }, TEXT_CONFIG);
    expect(reply.status).toBe(200);
    const tasks = [
      simpleTask(1, { text: 'a lovely film' }),
      simpleTask(2, { text: 'a dull film' }),
    ];
    const predicted = await serve.post('/predict', predictBody(tasks, TEXT_CONFIG));
    expect([0, 1].map((i) => resultsOf(predicted, i)[0]?.value)).toEqual([
      { choices: ['Positive'] },
      { choices: ['Negative'] },
    ]);
    expect(resultsOf(predicted, 0)[0]).toMatchObject({ from_name: 'sentiment', to_name: 'text' });
  });

  it('fills a <Choices> on a <HyperText> the same way (the page source is the text)', async () => {
    const examples = ['great', 'lovely', 'awful', 'dull'].flatMap((word, i) =>
      [0, 1, 2].map((n) => ({ text: `a ${word} film ${n}`, labels: [i < 2 ? 'Good' : 'Bad'] })),
    );
    const head = join(tempDir('prelabel-head-'), 'head.json');
    writeFileSync(head, JSON.stringify(trainTextClassifier(examples)));
    const config = `<View>
  <HyperText name="page" value="$html"/>
  <Choices name="verdict" toName="page"><Choice value="Good"/><Choice value="Bad"/></Choices>
</View>`;
    const { serve } = await setUp({ model: head }, config);
    const predicted = await serve.post(
      '/predict',
      predictBody([simpleTask(1, { html: '<p>a <b>great</b> film</p>' })], config),
    );
    expect(resultsOf(predicted, 0)).toMatchObject([
      { from_name: 'verdict', to_name: 'page', type: 'choices', value: { choices: ['Good'] } },
    ]);
  });
});

const haveModels = fixturesPresent(
  'serve-text (text model packages)',
  join(MODELS, 'wl-news-topic-en.onnx'),
  join(MODELS, 'stories260k/model.onnx'),
  join(MODELS, 'tokenizers/all-minilm-l6-v2/tokenizer.json'),
);

describe.skipIf(!haveModels)('prelabel serve with text model folders', () => {
  const dialogue = [{ author: 'Anchor', text: 'Senate passes the budget bill after a long vote' }];

  it('a text-classifier package fills the <Choices> on a <Paragraphs> dialogue', async () => {
    // The package layout of MODELS.md: int32 [1,30] word ids from the vocab, 10 topics.
    const pkg = tempDir('prelabel-wl-');
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
    const { serve, reply } = await setUp({ model: pkg }, DIALOGUE_CONFIG);
    expect(reply.status).toBe(200);
    expect(reply.body.model_version).toMatch(/^wl-news@/);
    const predicted = await serve.post(
      '/predict',
      predictBody([simpleTask(1, { dialogue })], DIALOGUE_CONFIG),
    );
    const [choice] = resultsOf(predicted, 0);
    expect(choice).toMatchObject({ from_name: 'topic', to_name: 'chat', type: 'choices' });
    expect(choice!.value).toEqual({ choices: ['Politics'] });
  });

  it('a BERT-style token classifier folder writes spans that validate', async () => {
    const pkg = tempDir('prelabel-ner-');
    const tokenizers = join(MODELS, 'tokenizers/all-minilm-l6-v2');
    for (const f of ['tokenizer.json', 'tokenizer_config.json'])
      symlinkSync(join(tokenizers, f), join(pkg, f));
    const tags = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
    writeFileSync(
      join(pkg, 'config.json'),
      JSON.stringify({
        architectures: ['BertForTokenClassification'],
        id2label: Object.fromEntries(tags.entries()),
      }),
    );
    // Random weights: whatever it tags must be a valid span of the task's own text.
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
    const { serve, reply } = await setUp(
      { model: pkg, map: 'PER=Person,LOC=Location' },
      NER_CONFIG,
    );
    expect(reply.status).toBe(200);
    const text = 'I ❤️ 🦄 hear Barack Obama visited Paris\r\non 27 May 2024.';
    const predicted = await serve.post(
      '/predict',
      predictBody(
        [simpleTask(1, { text }), simpleTask(2, { text: 'Angela Merkel in Berlin' })],
        NER_CONFIG,
      ),
    );
    const spans = [0, 1].flatMap((i) => resultsOf(predicted, i));
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(span).toMatchObject({ from_name: 'ner', to_name: 'text', type: 'labels' });
      expect(['Person', 'Location']).toContain((span.value.labels as string[])[0]);
    }
    expect(serve.log.join('')).not.toMatch(/no prediction|invalid/);
  });

  it('a language model folder writes the <TextArea> reply', async () => {
    const { serve, reply } = await setUp(
      {
        model: join(MODELS, 'stories260k'),
        generation: { strategy: 'greedy', maxNewTokens: 12, stop: ['\n'] },
      },
      DIALOGUE_CONFIG,
    );
    expect(reply.status).toBe(200);
    const story = [
      { author: 'Mom', text: 'Once upon a time, there was a little girl named Lily.' },
    ];
    const predicted = await serve.post(
      '/predict',
      predictBody([simpleTask(1, { dialogue: story })], DIALOGUE_CONFIG),
    );
    const [answer] = resultsOf(predicted, 0);
    expect(answer).toMatchObject({ from_name: 'reply', to_name: 'chat', type: 'textarea' });
    const [text] = answer!.value.text as string[];
    expect(text!.trim().length).toBeGreaterThan(0);
    expect(text).not.toMatch(/\n/);
  });
});

describe('prelabel serve with a folder no family recognises or a broken package', () => {
  it('stops before starting when a token classifier lacks its model.onnx', async () => {
    const dir = tempDir('prelabel-ner-');
    writeFileSync(join(dir, 'tokenizer.json'), '{}');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ id2label: { 0: 'O', 1: 'B-PER' } }));
    const args = parseServeArgs(['--model', dir, '--port', '0', '--state-dir', tempDir('s-')]);
    await expect(startServe(args, { write: () => true } as never)).rejects.toThrow(
      `--model ${dir}: a token classifier needs model.onnx next to tokenizer.json`,
    );
  });

  it('stops before starting, naming the folder and what each kind of package holds', async () => {
    const dir = tempDir('prelabel-junk-');
    mkdirSync(join(dir, 'weights'));
    writeFileSync(join(dir, 'notes.txt'), 'not a model');
    const args = parseServeArgs(['--model', dir, '--port', '0', '--state-dir', tempDir('s-')]);
    await expect(startServe(args, { write: () => true } as never)).rejects.toThrow(
      new RegExp(
        `--model ${dir}: no model family recognises this folder: .*manifest.json.*token classifier`,
      ),
    );
  });
});
