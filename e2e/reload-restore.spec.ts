// A reload mid-run: the page says what was running, when and how far, and
// puts back the config, the task list and the model without a re-drop; the
// run then resumes from its journal and finished tasks show as finished.
import { expect, test } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles, modelFile } from './app/fixtures';

test.skip(!HAS_SHARED, SKIP_REASON);

test('after a reload mid-run the run is restored from the browser and finishes', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const state = { timeout: 120_000 };
  const photo = imageFiles()[0]!.buffer;
  let holding = true;
  const held: (() => void)[] = [];
  await context.route('https://img.example.test/**', async (route) => {
    const index = Number(new URL(route.request().url()).pathname.slice(2, -4));
    if (holding && index >= 2) await new Promise<void>((r) => held.push(r));
    await route
      .fulfill({
        body: photo,
        headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
      })
      .catch(() => undefined);
  });
  const urls = [0, 1, 2, 3].map((i) => `https://img.example.test/p${i}.png`).join('\n');
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      configFile(),
      { name: 'urls.txt', mimeType: 'text/plain', buffer: Buffer.from(urls) },
      modelFile(),
    ]);
  await expect(page.getByTestId('model-status')).toBeVisible(state);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('2/4', state);

  await page.reload();
  holding = false;
  held.splice(0).forEach((release) => release());
  const saved = page.getByTestId('saved-run');
  await expect(saved).toContainText('A run was interrupted', state);
  await expect(saved).toContainText('of 4 tasks done');
  await expect(saved).toContainText('yolov8n-int8dyn-320.onnx');
  await expect(saved).toContainText('urls.txt');
  await page.getByTestId('restore-run').click();

  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4', state);
  await expect(page.getByTestId('model-status')).toBeVisible(state);
  await expect(page.getByTestId('resume-counts')).toHaveText('2 of 4 done', state);
  await page.getByTestId('resume-run').click();
  await expect(page.getByTestId('progress-text')).toHaveText('4/4', state);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', state);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'done');
});
