// A text run interrupted by a page reload resumes (issue 17): the journal
// keeps the replies done before the reload, the resumed run generates only
// the rest, with the run's own generation settings put back, and the export
// equals that of an uninterrupted run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { HAS_SHARED, SHARED_DIR, SKIP_REASON, fileFrom } from './app/fixtures';

const LM = join(SHARED_DIR, 'models/stories260k');
const CONFIG = `<View><Text name="prompt" value="$prompt"/><TextArea name="reply" toName="prompt"/></View>`;
const OPENINGS = ['Once upon a time', 'One day', 'Lily saw', 'The sun', 'Tom had', 'A little'];
/** Enough replies that the run is caught halfway on a fast machine too. */
const PROMPTS = Array.from({ length: 24 }, (_, i) => `${OPENINGS[i % 6]} ${i}`);
const TOTAL = PROMPTS.length;

interface Exported {
  data: { prompt: string };
  predictions: { model_version: string; result: { value: { text: string[] } }[] }[];
}

async function dropAll(page: Page) {
  await page.getByTestId('file-input').setInputFiles([
    { name: 'reply.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) },
    {
      name: 'prompts.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(PROMPTS.map((prompt) => ({ prompt })))),
    },
    fileFrom(join(LM, 'model.onnx'), 'application/octet-stream'),
    fileFrom(join(LM, 'tok512.bin'), 'application/octet-stream'),
  ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', String(TOTAL));
  await expect(page.getByTestId('model-status')).toContainText('Text generation', {
    timeout: 60_000,
  });
}

async function exportTasks(page: Page): Promise<Exported[]> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  return JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
}

async function runToEnd(page: Page) {
  await expect(page.getByTestId('progress-text')).toHaveText(`${TOTAL}/${TOTAL}`, {
    timeout: 180_000,
  });
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
}

/** Settings a resumed run must get back from the journal (not the page's defaults). */
async function setGeneration(page: Page) {
  await page.getByTestId('generation-max-tokens').fill('24');
  await page.getByTestId('generation-stop').fill('.');
}

async function referenceExport(browser: Browser): Promise<Exported[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await dropAll(page);
  await setGeneration(page);
  await page.getByTestId('run-button').click();
  await runToEnd(page);
  const tasks = await exportTasks(page);
  await context.close();
  return tasks;
}

test('a text run interrupted by a reload resumes where it stopped, with its settings', async ({
  page,
  browser,
}) => {
  test.skip(!HAS_SHARED, SKIP_REASON);
  test.setTimeout(480_000);
  const reference = await referenceExport(browser);
  expect(reference).toHaveLength(TOTAL);

  await page.goto('/');
  await dropAll(page);
  await setGeneration(page);
  await page.getByTestId('run-button').click();
  // A few replies in (and written: the journal writes a batch within 250 ms), then reload.
  await expect(page.getByTestId('progress-text')).toHaveText(/^([3-9]|1\d)\/24$/, {
    timeout: 120_000,
  });
  await page.waitForTimeout(300);
  await page.reload();

  await dropAll(page);
  const counts = await page.getByTestId('resume-counts').textContent();
  const done = Number(/^(\d+) of 24 done$/.exec(counts ?? '')?.[1]);
  expect(done).toBeGreaterThanOrEqual(3);
  expect(done).toBeLessThan(TOTAL);
  // The page's settings are back to the defaults; resuming puts the run's back.
  await expect(page.getByTestId('generation-max-tokens')).toHaveValue('');
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('generation-max-tokens')).toHaveValue('24');
  await expect(page.getByTestId('generation-stop')).toHaveValue('.');
  await runToEnd(page);
  expect(await exportTasks(page)).toEqual(reference);
});
