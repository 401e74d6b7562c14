// A text project in the app: a config with <Labels> on <Text>, a .txt (a task
// per line) and a Label Studio JSON with emoji and a CRLF, the built-in
// entity tagger (no download), a run, the spans highlighted on the text, the
// export, and that export in the real Label Studio editor (strict). Then a
// dropped text classifier folder (manifest + .onnx + labels + vocabulary).
import { readFileSync } from 'node:fs';
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
  data: { text: string };
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
