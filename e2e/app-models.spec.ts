// Model choices beyond dropping a file: a well-known detector by one click
// (served here from a local route), and the class → label mapping and
// per-class thresholds remembered per (model, config) across reloads.
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { exportTasks, predictionOf } from './app/export';
import {
  HAS_SHARED,
  SHARED_DIR,
  SKIP_REASON,
  configFile,
  fileFrom,
  imageFiles,
  modelFile,
} from './app/fixtures';

const MODEL_TIMEOUT = 60_000;
const YOLOX_RELEASE = 'https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/';

/** Serves ../shared's YOLOX-nano under the release's file names; counts downloads. */
async function routeYolox(page: Page): Promise<{ downloads: () => number }> {
  let downloads = 0;
  const body = fileFrom(resolve(SHARED_DIR, 'models/yolox-nano-416.onnx'), '').buffer;
  await page.context().route(`${YOLOX_RELEASE}*.onnx`, async (route) => {
    downloads++;
    await route.fulfill({
      body,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
        'access-control-allow-origin': '*',
      },
    });
  });
  return { downloads: () => downloads };
}

/** More COCO labels than the other tests, so tasks get several regions. */
const manyLabels = {
  name: 'many.xml',
  mimeType: 'application/xml',
  buffer: Buffer.from(`<View><Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">${[
    'person',
    'cat',
    'cup',
    'dining table',
    'spoon',
    'bowl',
    'tie',
    'couch',
    'chair',
    'vase',
  ]
    .map((l) => `<Label value="${l}"/>`)
    .join('')}</RectangleLabels></View>`),
};

test.describe('Model choices', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('YOLOX-nano by one click: download, run, then from the cache', async ({ page }) => {
    const route = await routeYolox(page);
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles([manyLabels, ...imageFiles()]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');

    const known = page.getByTestId('known-models');
    await known.locator('summary').click();
    const nano = known.locator('[data-testid="known-model"][data-id="yolox-nano"]');
    await expect(nano).toContainText('Apache-2.0');
    await expect(nano).toContainText('416×416');
    await expect(nano.getByRole('link', { name: 'release' })).toHaveAttribute(
      'href',
      /Megvii-BaseDetection\/YOLOX/,
    );
    await page.getByTestId('known-load-yolox-nano').click();
    const status = page.getByTestId('model-status');
    await expect(status).toBeVisible({ timeout: MODEL_TIMEOUT });
    await expect(status).toContainText('yolox_nano.onnx');
    await expect(status).toContainText('YOLOX');
    await expect(status).not.toContainText('from cache');
    expect(route.downloads()).toBe(1);

    // The task score as the least confident region (or lower, when a near miss
    // under the threshold is less certain still), and a model_version of our own.
    await page.getByTestId('score-method').selectOption('min');
    // A low threshold gives tasks several regions, so "min" differs from the mean.
    await page.getByTestId('confidence').fill('0.1');
    await expect(page.getByTestId('model-version')).toHaveValue(/^yolox_nano@[0-9a-f]{8}$/);
    await page.getByTestId('model-version').fill('yolox-nano-trial-1');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    const tasks = await exportTasks(page);
    const labels = (image: string) =>
      predictionOf(tasks, image).result.map((r) => (r.value.rectanglelabels as string[])[0]);
    expect(labels('astronaut.png')).toContain('person');
    expect(labels('chelsea.png')).toContain('cat');
    for (const task of tasks) {
      const [prediction] = task.predictions;
      expect(prediction!.model_version).toBe('yolox-nano-trial-1');
      const scores = prediction!.result.map((r) => r.score!);
      expect(prediction!.score).toBeLessThanOrEqual(Math.min(...scores) + 1e-9);
    }
    // Where no near miss is less certain, the least confident region is the score.
    expect(
      tasks.some((t) => {
        const [p] = t.predictions;
        return Math.abs(p!.score! - Math.min(...p!.result.map((r) => r.score!))) < 1e-9;
      }),
    ).toBe(true);
    // Some task has regions of different scores, so min is not also the mean.
    const spread = tasks.some(
      (t) => new Set(t.predictions[0]!.result.map((r) => r.score)).size > 1,
    );
    expect(spread).toBe(true);

    await page.reload();
    await page.getByTestId('known-models').locator('summary').click();
    await page.getByTestId('known-load-yolox-nano').click();
    await expect(status).toContainText('from cache', { timeout: MODEL_TIMEOUT });
    expect(route.downloads()).toBe(1);
  });

  test('a GitHub release file without CORS comes through the GitHub API', async ({ page }) => {
    const body = fileFrom(resolve(SHARED_DIR, 'models/yolox-nano-416.onnx'), '').buffer;
    const api = 'https://api.github.com/repos/Megvii-BaseDetection/YOLOX/releases';
    const cors = { 'access-control-allow-origin': '*' };
    // What a browser sees: the release URL's redirect has no CORS header.
    await page.context().route(`${YOLOX_RELEASE}*.onnx`, (route) => route.abort('failed'));
    await page.context().route(`${api}/tags/0.1.1rc0`, (route) =>
      route.fulfill({
        json: { assets: [{ name: 'yolox_nano.onnx', url: `${api}/assets/42` }] },
        headers: cors,
      }),
    );
    const accepts: string[] = [];
    await page.context().route(`${api}/assets/42`, async (route) => {
      accepts.push((await route.request().allHeaders()).accept ?? '');
      await route.fulfill({
        body,
        headers: { ...cors, 'content-type': 'application/octet-stream' },
      });
    });
    await page.goto('/');
    await page.getByTestId('known-models').locator('summary').click();
    await page.getByTestId('known-load-yolox-nano').click();
    await expect(page.getByTestId('model-status')).toContainText('yolox_nano.onnx', {
      timeout: MODEL_TIMEOUT,
    });
    expect(accepts).toEqual(['application/octet-stream']);
  });

  test('a failed download says what to do', async ({ page }) => {
    await page.context().route(`${YOLOX_RELEASE}*.onnx`, (route) => route.abort('failed'));
    await page.context().route('https://api.github.com/**', (route) => route.abort('failed'));
    await page.goto('/');
    await page.getByTestId('known-models').locator('summary').click();
    await page.getByTestId('known-load-yolox-tiny').click();
    await expect(page.getByTestId('model-error')).toContainText('yolox_tiny.onnx');
    await expect(page.getByTestId('model-error')).toContainText('drop it here');
  });

  test('the mapping and per-class thresholds are restored for the same model and config', async ({
    page,
  }) => {
    const drop = async () => {
      await page.getByTestId('file-input').setInputFiles([configFile(), modelFile()]);
      await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    };
    const row = (cls: string) => page.locator(`[data-testid="mapping-row"][data-class="${cls}"]`);
    await page.goto('/');
    await drop();
    await expect(page.getByTestId('mapping-restored')).toHaveCount(0);
    await expect(page.getByTestId('mapping-summary')).toContainText('3 of 80 classes mapped');
    await expect(row('person').getByTestId('mapping-reason')).toHaveText('same name');
    const version = page.getByTestId('model-version');
    await expect(version).toHaveValue(/^yolov8n.*@[0-9a-f]{8}$/);
    const before = await version.inputValue();

    // Drop "person", send "dog" to "cat", and ask more confidence for "cat".
    await row('person').getByRole('combobox').selectOption({ label: '— drop —' });
    await page.getByText('Show all 80 classes').click();
    await row('dog').getByRole('combobox').selectOption('cat');
    await row('cat').getByTestId('class-confidence').fill('0.6');
    await expect(page.getByTestId('mapping-summary')).toContainText('3 of 80 classes mapped');
    await expect(version).not.toHaveValue(before);
    const after = await version.inputValue();

    await page.reload();
    await drop();
    await expect(page.getByTestId('mapping-restored')).toBeVisible();
    await expect(row('person').getByRole('combobox')).toHaveValue('\u0000drop');
    await expect(row('person').getByTestId('mapping-reason')).toHaveText('your saved choice');
    await page.getByText('Show all 80 classes').click();
    await expect(row('dog').getByRole('combobox')).toHaveValue('cat');
    await expect(row('cat').getByTestId('class-confidence')).toHaveValue('0.6');
    await expect(row('cup').getByTestId('mapping-reason')).toHaveText('same name');
    await expect(version).toHaveValue(after);

    // Another config is another pair: nothing to restore.
    await page
      .getByTestId('config-text')
      .fill(
        '<View><Image name="image" value="$image"/><RectangleLabels name="label" toName="image"><Label value="person"/></RectangleLabels></View>',
      );
    await expect(page.getByTestId('mapping-summary')).toContainText('1 of 80 classes mapped');
    await expect(page.getByTestId('mapping-restored')).toHaveCount(0);
  });
});
