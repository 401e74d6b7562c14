// "Try it": sample images + Label Studio's OCR template + the built-in OCR
// model, from one click to pre-labels, then the export in the real editor.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { exportTasks, predictionOf } from './app/export';
import { expectAllLoaded, fileUrl, loadInEditor } from './ls-editor/harness';
import { fixturesPresent } from '../test/require-fixtures';

const SAMPLES = resolve(process.cwd(), 'public/samples');
const OCR_PACKAGE = resolve(process.cwd(), 'public/models/ppocr-v4/manifest.json');
const HAS_OCR = fixturesPresent('the OCR e2e test (npm install)', OCR_PACKAGE);

// Three sessions to create and warm up, then three pages read on WASM.
const RUN_TIMEOUT = 120_000;

/** What the samples say, line by line (we drew them: public/samples/LICENSE.md). */
const EXPECTED_TEXT: Record<string, string[]> = {
  'sign.png': ['PLATFORM 4', 'Trains to Oxford', 'Next departure 10:45'],
  'label.png': ['Batch No. 2024-117', 'Best before 12/2026', 'Keep refrigerated'],
  'receipt.png': ['CORNER CAFE', 'TOTAL'],
};

test.describe('Try it: OCR on the sample images', () => {
  test.skip(!HAS_OCR, 'the built-in OCR package is not installed (npm install)');

  test('one click gives OCR pre-labels that load in the real editor', async ({ page }) => {
    // It ends in the real editor: decided before any assertion runs.
    test.skip(!HAS_EDITOR, NO_EDITOR);
    test.setTimeout(240_000);
    await page.goto('/');
    await expect(page.getByTestId('builtin-model').first()).toHaveAttribute('data-id', 'ppocr-v4');
    const clicked = Date.now();
    await page.getByTestId('try-it').click();
    await expect(page.getByTestId('preview-box').first()).toBeAttached({ timeout: RUN_TIMEOUT });
    console.log(
      `Try it: first OCR pre-labels shown ${(Date.now() - clicked) / 1000} s after the click`,
    );
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', {
      timeout: RUN_TIMEOUT,
    });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    await expect(page.getByTestId('ocr-target')).toContainText('TextArea "transcription"');

    // The preview shows the first sample with its lines and their text.
    await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'done');
    const name = (await page.getByTestId('preview-name').textContent())!;
    const lines = page.getByTestId('preview-box');
    await expect(lines.first()).toBeAttached();
    const texts = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-text')));
    for (const line of EXPECTED_TEXT[name]!) expect(texts.join(' ')).toContain(line.split(' ')[0]);
    await expect(lines.first()).toHaveAttribute('data-label', 'Text');

    // ← / → step through the tasks.
    await page.locator('body').press('ArrowRight');
    await expect(page.getByTestId('preview')).toHaveAttribute('data-index', '1');
    await page.locator('body').press('ArrowLeft');
    await expect(page.getByTestId('preview')).toHaveAttribute('data-index', '0');

    const tasks = await exportTasks(page);
    expect(tasks.map((t) => t.data.image).sort()).toEqual(Object.keys(EXPECTED_TEXT).sort());
    const config = readFileSync(resolve(SAMPLES, 'ocr.xml'), 'utf8');
    for (const [image, expected] of Object.entries(EXPECTED_TEXT)) {
      const prediction = predictionOf(tasks, image);
      expect(prediction.model_version).toMatch(/^ppocr-v4@[0-9a-f]{8}$/);
      const read = prediction.result
        .filter((r) => r.type === 'textarea')
        .map((r) => (r.value.text as string[])[0])
        .join(' | ');
      for (const line of expected) expect(read, image).toContain(line);
      // Each line is one region: rectangle + label + transcription sharing an id.
      const types = new Map<string, string[]>();
      for (const r of prediction.result) types.set(r.id, [...(types.get(r.id) ?? []), r.type]);
      for (const t of types.values()) expect(t.sort()).toEqual(['labels', 'rectangle', 'textarea']);
    }

    for (const image of Object.keys(EXPECTED_TEXT)) {
      const prediction = predictionOf(tasks, image);
      const [loaded] = await loadInEditor(page, {
        config,
        data: { image: fileUrl(image) },
        predictions: [prediction],
        files: { [image]: readFileSync(resolve(SAMPLES, image)) },
      });
      expectAllLoaded(prediction, loaded);
    }
  });

  test('a higher minimum score after the run drops lines without reading again', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    await page.getByTestId('try-it').click();
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', {
      timeout: RUN_TIMEOUT,
    });
    const scoresOf = (tasks: Awaited<ReturnType<typeof exportTasks>>) =>
      tasks.flatMap((t) =>
        t.predictions[0]!.result.filter((r) => r.type === 'textarea').map((r) => r.score!),
      );
    const before = scoresOf(await exportTasks(page));
    // Between the lowest and highest line score: some lines must go, some stay.
    const sorted = [...before].sort((a, b) => a - b);
    const cut = (sorted[0]! + sorted[sorted.length - 1]!) / 2;
    expect(sorted[0]!).toBeLessThan(cut);

    const runs = await page.getByTestId('progress-text').textContent();
    await page.getByTestId('confidence').fill(cut.toFixed(4));
    await expect(page.getByTestId('rethreshold-status')).toContainText('updated', {
      timeout: 30_000,
    });
    const after = scoresOf(await exportTasks(page));
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(before.length);
    for (const score of after) expect(score).toBeGreaterThanOrEqual(Number(cut.toFixed(4)));
    // The same lines as before, minus the dropped ones: nothing was read again.
    expect(after.sort()).toEqual(before.filter((s) => s >= Number(cut.toFixed(4))).sort());
    await expect(page.getByTestId('progress-text')).toHaveText(runs!);
  });

  test('the built-in OCR model from the picker, and a config it cannot fill', async ({ page }) => {
    await page.goto('/');
    await page
      .getByTestId('config-text')
      .fill(
        '<View><Image name="image" value="$image"/><Rectangle name="bbox" toName="image"/><TextArea name="t" toName="image"/></View>',
      );
    await page.getByTestId('builtin-load-ppocr-v4').click();
    const status = page.getByTestId('model-status');
    await expect(status).toBeVisible({ timeout: RUN_TIMEOUT });
    await expect(status).toContainText('ocr');
    await expect(status).toContainText('Apache-2.0');
    // No per-region TextArea: the page says what the config lacks.
    await expect(page.getByTestId('no-target')).toContainText('<TextArea perRegion="true">');
    await page.getByTestId('config-text').fill(readFileSync(resolve(SAMPLES, 'ocr.xml'), 'utf8'));
    await expect(page.getByTestId('no-target')).toHaveCount(0);
    await expect(page.getByTestId('ocr-target')).toContainText('Labels "label"');
  });
});
