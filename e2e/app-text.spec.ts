// A text project in the app: a config with <Labels> on <Text>, a .txt (a task
// per line) and a Label Studio JSON with emoji and a CRLF, the built-in
// entity tagger (no download), a run, the spans highlighted on the text, the
// export, and that export in the real Label Studio editor (strict). Then a
// dropped text classifier folder (manifest + .onnx + labels + vocabulary).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { LsPrediction } from '../src/core/results/types';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { HAS_SHARED, SKIP_REASON, fileFrom } from './app/fixtures';
import { expectAllLoaded, loadInEditor } from './ls-editor/harness';

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/><Label value="Email"/>
  </Labels>
</View>`;

const CRLF_TEXT =
  'I ❤️ 🦄 hear Barack Obama visited\r\nParis on 27 May 2024 👩‍👩‍👧; mail a.b@example.com.';
const LINES = ['Angela Merkel met 👋 Emmanuel Macron in Berlin.', 'Nothing to see here'];

interface Exported {
  data: { text: string } & Record<string, unknown>;
  predictions: LsPrediction[];
}

const payload = (name: string, text: string, mimeType = 'text/plain') => ({
  name,
  mimeType,
  buffer: Buffer.from(text),
});

test('text tasks: the built-in tagger, highlighted spans, an export the editor loads', async ({
  page,
}) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('ner.xml', CONFIG, 'application/xml'),
      payload('lines.txt', LINES.join('\r\n')),
      payload(
        'tasks.json',
        JSON.stringify([{ id: 1, data: { text: CRLF_TEXT } }]),
        'application/json',
      ),
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
  // The config has <Labels> on <Text>: the built-in tagger is offered (and loaded at once).
  const tagger = page.getByTestId('text-builtin-load-builtin-entities');
  await expect(tagger).toBeVisible();
  await expect(page.getByTestId('model-status')).toContainText('builtin-entities');
  // No ONNX session: the badge says where it runs, not "WASM".
  await expect(page.getByTestId('backend-info').first()).toHaveAttribute('data-backend', 'js');
  await tagger.click();
  await expect(page.getByTestId('model-status')).toContainText('Entities (NER)');
  await expect(page.getByTestId('mapping-summary')).toContainText('classes mapped');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 60_000 });
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');

  // Task 1: the .txt line, its spans highlighted in each label's colour.
  const preview = page.getByTestId('preview');
  await expect(preview).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('preview-text')).toHaveText(LINES[0]!);
  const spans = page.getByTestId('preview-span');
  await expect(spans).toHaveText(['Angela Merkel', 'Emmanuel Macron', 'Berlin']);
  await expect(spans.first()).toHaveAttribute('data-label', 'PER');
  const colours = await spans.evaluateAll((marks) =>
    marks.map((m) => getComputedStyle(m).borderBottomColor),
  );
  expect(colours[0]).toBe(colours[1]); // the same label, the same colour
  expect(colours[0]).not.toBe(colours[2]);
  // Task 3: after emoji and a CRLF, the highlighted characters are the entities.
  await page.getByTestId('preview-next').click();
  await page.getByTestId('preview-next').click();
  await expect(page.getByTestId('preview-span')).toHaveText([
    'Barack Obama',
    'Paris',
    '27 May 2024',
    'a.b@example.com',
  ]);
  expect(await page.getByTestId('preview-text').evaluate((e) => e.textContent)).toBe(CRLF_TEXT);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
  expect(exported.map((t) => t.data.text)).toEqual([...LINES, CRLF_TEXT]);
  const crlf = exported[2]!.predictions[0]!;
  expect(crlf.result.map((r) => (r.value as { text: string }).text)).toEqual([
    'Barack Obama',
    'Paris',
    '27 May 2024',
    'a.b@example.com',
  ]);

  // In the real editor: every span loaded where it was sent, over the same characters.
  for (const task of [exported[0]!, exported[2]!]) {
    const sent = task.predictions[0]!;
    const [loaded] = await loadInEditor(page, {
      config: CONFIG,
      data: task.data,
      predictions: [sent],
    });
    expectAllLoaded(sent, loaded);
    expect(loaded?.results.map((r) => r.shownText)).toEqual(
      sent.result.map((r) => (r.value as { text: string }).text),
    );
  }
});

// Spans on a web page (XPaths) and on a dialogue (paragraph indices) from the
// app: the preview shows the page's text (never its markup) or the dialogue's
// lines with the entities highlighted, and the export loads in the editor.
const PAGE_CASES = [
  {
    name: 'HyperText',
    config: `<View><HyperText name="page" value="$html"/>
      <HyperTextLabels name="ner" toName="page">
        <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
      </HyperTextLabels></View>`,
    data: {
      html: '<h1>News &amp; views</h1><p>Yesterday <b>Angela Merkel</b> visited<br>Berlin.</p>',
    },
    shown: 'News & views\nYesterday Angela Merkel visited\nBerlin.',
  },
  {
    name: 'Paragraphs',
    config: `<View><Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
      <ParagraphLabels name="ner" toName="chat">
        <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
      </ParagraphLabels></View>`,
    data: {
      dialogue: [
        { author: 'Mom', text: 'Where is 🦄 Angela Merkel?' },
        { author: 'Lily', text: 'In Berlin.' },
      ],
    },
    shown: 'Mom: Where is 🦄 Angela Merkel?\nLily: In Berlin.',
  },
];

for (const c of PAGE_CASES) {
  test(`spans on ${c.name} from the app: highlighted on the shown text, loaded in the editor`, async ({
    page,
  }) => {
    test.skip(!HAS_EDITOR, NO_EDITOR);
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        payload('ner.xml', c.config, 'application/xml'),
        payload('tasks.json', JSON.stringify([{ id: 7, data: c.data }]), 'application/json'),
      ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '1');
    await expect(page.getByTestId('model-status')).toContainText('builtin-entities');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 60_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    expect(await page.getByTestId('preview-text').evaluate((e) => e.textContent)).toBe(c.shown);
    await expect(page.getByTestId('preview-span')).toHaveText(['Angela Merkel', 'Berlin']);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    const [task] = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
    const sent = task!.predictions[0]!;
    expect(sent.result.map((r) => r.type)).toEqual(
      Array(2).fill(c.name === 'HyperText' ? 'hypertextlabels' : 'paragraphlabels'),
    );
    // Places dropped from the mapping after the run: re-derived from the kept
    // spans, not run again; the preview and the export follow.
    await page
      .locator('[data-testid="mapping-row"][data-class="Place"]')
      .getByRole('combobox')
      .selectOption({ label: '— drop —' });
    await expect(page.getByTestId('rethreshold-status')).toHaveAttribute('data-state', 'updated', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('rethreshold-status')).toContainText('1 of 1 tasks changed');
    await expect(page.getByTestId('preview-span')).toHaveText(['Angela Merkel']);
    const again = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    const [after] = JSON.parse(readFileSync(await (await again).path(), 'utf8')) as Exported[];
    expect(after!.predictions[0]!.result.map((r) => r.value.text)).toEqual(['Angela Merkel']);

    // The first export in the real editor: every span over the same characters.
    const [loaded] = await loadInEditor(page, {
      config: c.config,
      data: task!.data,
      predictions: [sent],
    });
    expectAllLoaded(sent, loaded);
    expect(loaded?.results.map((r) => r.shownText)).toEqual(['Angela Merkel', 'Berlin']);
  });
}

const TOPICS = [
  'Business',
  'Education',
  'Entertainment',
  'Environment',
  'Health',
  'Politics',
  'Science',
  'Sports',
  'Technology',
  'World',
];
const MODELS = resolve(process.cwd(), '../shared/models');

test('a dropped text classifier folder fills <Choices>; its choices load in the editor', async ({
  page,
}) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  test.skip(!HAS_SHARED, SKIP_REASON);
  const config = `<View><Text name="text" value="$text"/>
    <Choices name="topic" toName="text">${TOPICS.map((c) => `<Choice value="${c}"/>`).join('')}</Choices></View>`;
  const manifest = {
    family: 'text-classification',
    file: 'wl-news-topic-en.onnx',
    labels: 'wl-news-topic-en.labels.json',
    tokenizer: { scheme: 'word-vocab', vocab: 'wl-news-topic-en.vocab.json', maxLength: 30 },
  };
  const texts = [
    'The team won the championship final after a late goal 🏆',
    'Stocks fell as the central bank raised interest rates',
  ];
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('topic.xml', config, 'application/xml'),
      payload('news.txt', texts.join('\n')),
      payload('manifest.json', JSON.stringify(manifest), 'application/json'),
      fileFrom(join(MODELS, 'wl-news-topic-en.onnx'), 'application/octet-stream'),
      fileFrom(join(MODELS, 'labels/wl-news-topic-en.labels.json'), 'application/json'),
      fileFrom(join(MODELS, 'labels/wl-news-topic-en.vocab.json'), 'application/json'),
    ]);
  // The manifest's labels and vocabulary went to the model, not to the tasks.
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('model-status')).toContainText('Text classification', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('mapping-summary')).toContainText('10 of 10 classes mapped');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('2/2', { timeout: 60_000 });
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
  // The text, and the chosen topic as a chip.
  await expect(page.getByTestId('preview-text')).toHaveText(texts[0]!);
  await expect(page.getByTestId('preview-choice')).toHaveCount(1);
  expect(TOPICS).toContain(await page.getByTestId('preview-choice').getAttribute('data-value'));

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
  expect(exported).toHaveLength(2);

  // The first task's topic dropped from the mapping after the run: its choice
  // is re-derived from the kept probabilities (the next mapped topic), no run.
  const chip = page.getByTestId('preview-choice');
  const before = (await chip.getAttribute('data-value'))!;
  await page
    .locator(`[data-testid="mapping-row"][data-class="${before}"]`)
    .getByRole('combobox')
    .selectOption({ label: '— drop —' });
  await expect(page.getByTestId('rethreshold-status')).toHaveAttribute('data-state', 'updated', {
    timeout: 30_000,
  });
  await expect(chip).not.toHaveAttribute('data-value', before);
  expect(TOPICS).toContain(await chip.getAttribute('data-value'));

  for (const task of exported) {
    const sent = task.predictions[0]!;
    expect(sent.result[0]!.type).toBe('choices');
    const [loaded] = await loadInEditor(page, { config, data: task.data, predictions: [sent] });
    expectAllLoaded(sent, loaded);
  }
});

test('a dropped language model folder writes a <TextArea> reply; the editor loads it', async ({
  page,
}) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  test.skip(!HAS_SHARED, SKIP_REASON);
  const config = `<View><Text name="prompt" value="$prompt"/><TextArea name="reply" toName="prompt"/></View>`;
  const lm = join(MODELS, 'stories260k');
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('reply.xml', config, 'application/xml'),
      payload('tasks.json', JSON.stringify([{ prompt: 'Once upon a time' }]), 'application/json'),
      fileFrom(join(lm, 'model.onnx'), 'application/octet-stream'),
      fileFrom(join(lm, 'tok512.bin'), 'application/octet-stream'),
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('model-status')).toContainText('Text generation', {
    timeout: 60_000,
  });
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 90_000 });
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
  // Greedy, as MODELS.md gives it with onnxruntime-node.
  await expect(page.getByTestId('preview-choice')).toContainText(
    ', there was a little girl named Lily. She loved to play',
  );

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const [task] = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
  const sent = task!.predictions[0]!;
  expect(sent.result[0]!.type).toBe('textarea');
  const [loaded] = await loadInEditor(page, { config, data: task!.data, predictions: [sent] });
  expectAllLoaded(sent, loaded);
});

test('generation settings in the app: a prompt template, a stop string, seeded sampling like the CLI', async ({
  page,
}) => {
  test.skip(!HAS_SHARED, SKIP_REASON);
  test.setTimeout(240_000); // two runs of a model on 2 shared cores
  const config = `<View><Text name="topic" value="$topic"/><TextArea name="reply" toName="topic"/></View>`;
  const tasks = [{ topic: 'time' }];
  const lm = join(MODELS, 'stories260k');
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('reply.xml', config, 'application/xml'),
      payload('tasks.json', JSON.stringify(tasks), 'application/json'),
      fileFrom(join(lm, 'model.onnx'), 'application/octet-stream'),
      fileFrom(join(lm, 'tok512.bin'), 'application/octet-stream'),
    ]);
  await expect(page.getByTestId('model-status')).toContainText('Text generation', {
    timeout: 60_000,
  });
  const exportReply = async () => {
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    const [task] = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
    const prediction = task!.predictions[0]!;
    return {
      text: (prediction.result[0]!.value as { text: string[] }).text[0],
      version: prediction.model_version,
    };
  };
  const runOnce = async () => {
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    return exportReply();
  };

  // Greedy from "Once upon a time" (MODELS.md), cut before the first ".".
  await page.getByTestId('generation-prompt').fill('Once upon a $topic');
  await page.getByTestId('generation-stop').fill('.');
  await page.getByTestId('generation-max-tokens').fill('40');
  const greedy = await runOnce();
  expect(greedy.text).toBe(', there was a little girl named Lily');

  // Seeded top-k/top-p sampling, 16 tokens, no stop: the same reply and
  // model_version as `prelabel predict` with the same flags.
  await page.getByTestId('generation-stop').fill('');
  await page.getByTestId('generation-strategy').selectOption('sample');
  await page.getByTestId('generation-seed').fill('7');
  await page.getByTestId('generation-top-k').fill('40');
  await page.getByTestId('generation-top-p').fill('0.9');
  await page.getByTestId('generation-temperature').fill('1.5');
  await page.getByTestId('generation-max-tokens').fill('16');
  const conf = await page.getByTestId('confidence').inputValue();
  const sampled = await runOnce();
  // drawn, not the likeliest story (the model is sure of it at temperature 1)
  expect(sampled.text).not.toContain(greedy.text);
  expect(sampled.version).not.toBe(greedy.version);

  const dir = mkdtempSync(join(tmpdir(), 'prelabel-gen-e2e-'));
  try {
    writeFileSync(join(dir, 'config.xml'), config);
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
    const out = join(dir, 'out.json');
    const cli = spawnSync(
      process.execPath,
      [
        'bin/prelabel.mjs',
        'predict',
        '--config',
        join(dir, 'config.xml'),
        '--tasks',
        join(dir, 'tasks.json'),
        '--model',
        lm,
        '--out',
        out,
        '--conf',
        conf,
        '--prompt',
        'Once upon a $topic',
        '--sample',
        '--seed',
        '7',
        '--top-k',
        '40',
        '--top-p',
        '0.9',
        '--temperature',
        '1.5',
        '--max-tokens',
        '16',
      ],
      { encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const [task] = JSON.parse(readFileSync(out, 'utf8')) as Exported[];
    const prediction = task!.predictions[0]!;
    expect((prediction.result[0]!.value as { text: string[] }).text[0]).toBe(sampled.text);
    // the same settings hash (the name before "@" is the folder's in the CLI, the file's in the app)
    expect(prediction.model_version.split('@')[1]).toBe(sampled.version.split('@')[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A token classifier (Gather → MatMul) that tags the pieces given and O
 * everywhere else, built by test/tiny-onnx.ts in Node through tsx's require
 * hook (its onnx-proto import loads in neither Playwright's loader nor Node's ESM).
 */
function designedNer(tokenizerJson: string, tagged: Record<string, string>, tags: string[]) {
  const script = `
    const { readFileSync, writeFileSync } = require('node:fs');
    const { buildModel } = require('./test/tiny-onnx.ts');
    const [tokenizer, out, taggedJson, tagsJson] = process.argv.slice(1);
    const vocab = JSON.parse(readFileSync(tokenizer, 'utf8')).model.vocab;
    const tagged = JSON.parse(taggedJson);
    const tags = JSON.parse(tagsJson);
    const size = Object.keys(vocab).length;
    const e = new Float32Array(size * tags.length);
    for (let id = 0; id < size; id++) e[id * tags.length] = 1;
    for (const [piece, tag] of Object.entries(tagged)) {
      const id = vocab[piece];
      e.fill(0, id * tags.length, (id + 1) * tags.length);
      e[id * tags.length + tags.indexOf(tag)] = 5;
    }
    const identity = Float32Array.from({ length: tags.length ** 2 }, (_, i) =>
      i % (tags.length + 1) === 0 ? 1 : 0);
    writeFileSync(out, buildModel({
      inputs: [
        { name: 'input_ids', type: 'int64', dims: [1, 'seq'] },
        { name: 'attention_mask', type: 'int64', dims: [1, 'seq'] },
      ],
      outputs: [{ name: 'logits', type: 'float32', dims: [1, 'seq', tags.length] }],
      initializers: [
        { name: 'E', dims: [size, tags.length], data: e },
        { name: 'W', dims: [tags.length, tags.length], data: identity },
      ],
      nodes: [
        { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['h'] },
        { op: 'MatMul', inputs: ['h', 'W'], outputs: ['logits'] },
      ],
    }));`;
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-ner-e2e-'));
  try {
    const out = join(dir, 'model.onnx');
    const built = spawnSync(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        '-e',
        script,
        tokenizerJson,
        out,
        JSON.stringify(tagged),
        JSON.stringify(tags),
      ],
      { encoding: 'utf8' },
    );
    expect(built.status, built.stderr).toBe(0);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a dropped BERT token classifier folder tags spans after emoji and CRLF', async ({ page }) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  test.skip(!HAS_SHARED, SKIP_REASON);
  // No such weights exist offline: a tiny graph over the real WordPiece tokenizer.
  const dir = join(MODELS, 'tokenizers/all-minilm-l6-v2');
  const tags = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
  const tagged = { john: 'B-PER', smith: 'I-PER', paris: 'B-LOC' };
  const model = designedNer(join(dir, 'tokenizer.json'), tagged, tags);
  const config = `<View><Text name="text" value="$text"/>
    <Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/></Labels></View>`;
  const text = 'I ❤️ 🦄 met John Smith in\r\nParis 👩‍👩‍👧.';
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([
    payload('ner.xml', config, 'application/xml'),
    payload('tasks.json', JSON.stringify([{ text }]), 'application/json'),
    fileFrom(join(dir, 'tokenizer.json'), 'application/json'),
    fileFrom(join(dir, 'tokenizer_config.json'), 'application/json'),
    payload(
      'config.json',
      JSON.stringify({
        architectures: ['BertForTokenClassification'],
        id2label: Object.fromEntries(tags.entries()),
      }),
      'application/json',
    ),
    { name: 'model.onnx', mimeType: 'application/octet-stream', buffer: model },
  ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('model-status')).toContainText('Entities (NER)', {
    timeout: 60_000,
  });
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 60_000 });
  await expect(page.getByTestId('preview-span')).toHaveText(['John Smith', 'Paris']);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const [task] = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
  const sent = task!.predictions[0]!;
  const [loaded] = await loadInEditor(page, { config, data: task!.data, predictions: [sent] });
  expectAllLoaded(sent, loaded);
  expect(loaded?.results.map((r) => r.shownText)).toEqual(['John Smith', 'Paris']);
});
