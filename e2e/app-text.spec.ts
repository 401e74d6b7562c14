// A text project in the app: a config with <Labels> on <Text>, a .txt (a task
// per line) and a Label Studio JSON with emoji and a CRLF, the built-in
// entity tagger (no download), a run, the spans highlighted on the text, the
// export, and that export in the real Label Studio editor (strict).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { LsPrediction } from '../src/core/results/types';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
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
