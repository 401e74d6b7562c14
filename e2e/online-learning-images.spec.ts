// Image heads in the app's Online learning panel: an image config with a
// dropped export and its photos asks for a backbone; a text model is refused
// by name; MobileNetV2-int8 is cut to its pooled features in the worker, a
// head trains on 6 annotated flower photos, and its export is the head file
// `prelabel train --backbone` writes (the backbone's SHA-256 in it). "Use for
// a run" loads the head on that backbone; the run's export loads in the real
// Label Studio editor. The picked backbone is kept in the worker's IndexedDB:
// after a reload it is held again without a new drop.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { exportTasks, predictionOf } from './app/export';
import { HAS_SHARED, SHARED_DIR, SKIP_REASON, fileFrom } from './app/fixtures';
import { expectAllLoaded, fileUrl, loadInEditor } from './ls-editor/harness';

const LABELS = ['daisy', 'roses', 'sunflowers'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;
const FLOWERS = resolve(SHARED_DIR, 'datasets/flowers5');

test.skip(!HAS_SHARED, SKIP_REASON);

test('an image config trains a head on a picked backbone', async ({ page }) => {
  test.setTimeout(180_000);
  const photos = LABELS.flatMap((label) =>
    readdirSync(resolve(FLOWERS, label))
      .sort()
      .slice(0, 2)
      .map((name) => ({ label, path: resolve(FLOWERS, label, name), name })),
  );
  const tasks = photos.map((p, i) => ({
    id: i + 1,
    data: { image: p.name },
    annotations: [
      {
        id: i + 1,
        result: [
          { from_name: 'flower', to_name: 'image', type: 'choices', value: { choices: [p.label] } },
        ],
      },
    ],
  }));
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([
    { name: 'flowers.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) },
    {
      name: 'export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(tasks)),
    },
    ...photos.map((p) => fileFrom(p.path, 'image/jpeg')),
  ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '6');
  const panel = page.getByTestId('learn-panel');
  await expect(panel).toContainText('Pick the backbone the image head learns on.');
  await expect(page.getByTestId('learn-train')).toBeDisabled();

  const backbone = page.getByTestId('learn-backbone-file');
  await backbone.setInputFiles(resolve(SHARED_DIR, 'models/wl-news-topic-en.onnx'));
  await expect(page.getByTestId('learn-error')).toContainText(
    'wl-news-topic-en.onnx: no pooled feature output found',
  );
  await backbone.setInputFiles(resolve(SHARED_DIR, 'models/mobilenetv2-12-int8.onnx'));
  await expect(page.getByTestId('learn-backbone-info')).toContainText(
    'mobilenetv2-12-int8.onnx: features from 464_quantized (QLinearGlobalAveragePool, dequantized)',
    { timeout: 60_000 },
  );

  await page.getByTestId('learn-train').click();
  await expect(page.getByTestId('learn-notes')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('learn-notes')).toContainText('on 6 annotated tasks of 6');
  await expect(page.getByTestId('learn-version-1').locator('th')).toHaveAttribute(
    'title',
    'dense-logreg@6-annotations',
  );

  const downloading = page.waitForEvent('download');
  await page.getByTestId('learn-export-1').click();
  const headText = readFileSync(await (await downloading).path(), 'utf8');
  const head = JSON.parse(headText) as {
    learner: string;
    labels: string[];
    features: { backbone: { sha256: string; name: string } };
  };
  expect(head.learner).toBe('dense-logreg');
  expect(head.labels).toEqual(LABELS);
  expect(head.features.backbone).toMatchObject({
    sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f',
    name: 'mobilenetv2-12-int8.onnx',
  });

  // The head file dropped is a model (not tasks), on the backbone the worker holds.
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'dropped-head.json', mimeType: 'application/json', buffer: Buffer.from(headText) },
    ]);
  const status = page.getByTestId('model-status');
  await expect(status).toContainText('dropped-head.json', { timeout: 60_000 });
  await expect(status).toContainText('image head on mobilenetv2-12-int8.onnx');
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '6');

  // "Use for a run": the version's head runs as any image classifier.
  await page.getByTestId('learn-use-1').click();
  await expect(status).toContainText('dense-logreg@6-annotations.json', { timeout: 60_000 });
  await expect(status).toContainText('image head on mobilenetv2-12-int8.onnx');
  const shown = page.getByTestId('model-version');
  await expect(shown).toHaveValue(/^dense-logreg@6-annotations@[0-9a-f]{8}$/);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('6/6', { timeout: 120_000 });
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');

  const exported = await exportTasks(page);
  const first = photos[0]!;
  const prediction = predictionOf(exported, first.name);
  expect(prediction.model_version).toBe(await shown.inputValue());
  // A training photo comes back as annotated.
  expect(prediction.result).toHaveLength(1);
  expect(prediction.result[0]!.value.choices).toEqual([first.label]);

  // The export loads in the real Label Studio editor.
  test.skip(!HAS_EDITOR, NO_EDITOR);
  const [loaded] = await loadInEditor(page, {
    config: CONFIG,
    data: { image: fileUrl(first.name) },
    files: { [first.name]: readFileSync(first.path) },
    predictions: [prediction],
  });
  expectAllLoaded(prediction, loaded);
});

test('the loaded ImageNet classifier can be the backbone', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'flowers.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) },
      fileFrom(resolve(SHARED_DIR, 'models/mobilenetv2-12-int8.onnx'), 'application/octet-stream'),
    ]);
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('learn-backbone-loaded').click();
  await expect(page.getByTestId('learn-backbone-info')).toContainText(
    'mobilenetv2-12-int8.onnx: features from 464_quantized',
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('learn-backbone-loaded')).toHaveCount(0);
});

test('the picked backbone is kept: after a reload it is held without a new drop', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const config = { name: 'flowers.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) };
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([config]);
  // No backbone yet (a fresh browser profile).
  await expect(page.getByTestId('learn-backbone')).toContainText('Backbone ONNX');
  await page
    .getByTestId('learn-backbone-file')
    .setInputFiles(resolve(SHARED_DIR, 'models/mobilenetv2-12-int8.onnx'));
  const info = page.getByTestId('learn-backbone-info');
  await expect(info).toContainText('kept for after a reload', { timeout: 60_000 });

  await page.reload();
  await page.getByTestId('file-input').setInputFiles([config]);
  // Read back from the worker's IndexedDB: the same file, nothing dropped.
  await expect(info).toContainText(
    'mobilenetv2-12-int8.onnx: features from 464_quantized (QLinearGlobalAveragePool, dequantized), SHA-256 83530ad811bc',
    { timeout: 60_000 },
  );
  await expect(info).toContainText('kept for after a reload');
  await expect(page.getByTestId('learn-backbone')).toContainText('Change backbone');
});
