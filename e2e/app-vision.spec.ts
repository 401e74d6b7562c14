// Image models beyond boxes, through the page: instance segmentation (polygon
// + brush), classification (Choices) and face keypoints, each previewed and
// each export loaded in the real Label Studio editor.
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { LsPrediction } from '../src/core/results/types';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { exportTasks, predictionOf } from './app/export';
import { HAS_SHARED, SHARED_DIR, SKIP_REASON, fileFrom, type Payload } from './app/fixtures';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';

const model = (name: string) =>
  fileFrom(resolve(SHARED_DIR, 'models', name), 'application/octet-stream');
const image = (name: string) => fileFrom(resolve(SHARED_DIR, 'fixtures/images', name), 'image/png');
const xml = (name: string, body: string): Payload => ({
  name,
  mimeType: 'application/xml',
  buffer: Buffer.from(`<View>\n  <Image name="image" value="$image"/>\n${body}\n</View>`),
});

async function dropAndRun(page: Page, files: Payload[], tasks: number) {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', String(tasks));
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
}

async function run(page: Page, tasks: number) {
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText(`${tasks}/${tasks}`, {
    timeout: 90_000,
  });
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
}

async function expectInEditor(page: Page, config: Payload, prediction: LsPrediction, img: string) {
  const [loaded] = await loadInEditor(page, {
    config: config.buffer.toString(),
    data: { image: fixtureUrl(`images/${img}`) },
    predictions: [prediction],
  });
  expectAllLoaded(prediction, loaded);
}

test.describe('Image models of every kind', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);
  // Every test ends in the real editor: decided before any assertion runs.
  test.skip(!HAS_EDITOR, NO_EDITOR);

  test('instance segmentation fills a polygon and a brush control', async ({ page }) => {
    const config = xml(
      'seg.xml',
      `  <PolygonLabels name="outline" toName="image"><Label value="Cat"/></PolygonLabels>
  <BrushLabels name="paint" toName="image"><Label value="Cat"/></BrushLabels>`,
    );
    await dropAndRun(
      page,
      [config, image('chelsea.png'), model('yolov8n-seg-int8dyn-320.onnx')],
      1,
    );
    // Polygons come first in the config: the default; "both" is one choice away.
    const select = page.getByTestId('target-select');
    await expect(select).toHaveValue('outline→image');
    await select.selectOption('outline+paint→image');
    await expect(page.getByTestId('mapping')).toHaveCount(2);
    await run(page, 1);

    await expect(page.locator('[data-testid="preview-polygon"][data-label="Cat"]')).toHaveCount(1);
    const mask = page.locator('[data-testid="preview-mask"][data-label="Cat"]');
    await expect(mask).toHaveAttribute('data-drawn', 'true');
    // The worker's bitmap reached the canvas: some pixels are painted.
    const painted = await page.getByTestId('mask-layer').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n / (canvas.width * canvas.height);
    });
    expect(painted).toBeGreaterThan(0.1);

    const prediction = predictionOf(await exportTasks(page), 'chelsea.png');
    expect(prediction.result.map((r) => r.type).sort()).toEqual(['brushlabels', 'polygonlabels']);
    await expectInEditor(page, config, prediction, 'chelsea.png');
  });

  test('classification answers a Choices control', async ({ page }) => {
    const config = xml(
      'classify.xml',
      `  <Choices name="kind" toName="image"><Choice value="Espresso"/><Choice value="Cup"/><Choice value="Cat"/></Choices>`,
    );
    const labels = fileFrom(
      resolve(SHARED_DIR, 'models/labels/imagenet_1000_ipne.json'),
      'application/json',
    );
    await dropAndRun(
      page,
      [config, image('coffee.png'), model('mobilenetv2-12-int8.onnx'), labels],
      1,
    );
    await expect(page.getByTestId('mapping-summary')).toContainText('2 of 1000 classes mapped');
    await run(page, 1);
    await expect(
      page.locator('[data-testid="preview-choice"][data-value="Espresso"]'),
    ).toBeVisible();

    const prediction = predictionOf(await exportTasks(page), 'coffee.png');
    expect(prediction.result).toHaveLength(1);
    expect(prediction.result[0]!.value.choices).toEqual(['Espresso']);
    await expectInEditor(page, config, prediction, 'coffee.png');
  });

  test('face keypoints: the face box and its landmarks', async ({ page }) => {
    const config = xml(
      'faces.xml',
      `  <RectangleLabels name="face" toName="image"><Label value="Face"/></RectangleLabels>
  <KeyPointLabels name="landmark" toName="image">
    <Label value="Right eye" predicted_values="right_eye"/><Label value="Left eye" predicted_values="left_eye"/><Label value="Nose"/>
  </KeyPointLabels>`,
    );
    await dropAndRun(page, [config, image('astronaut.png'), model('yunet-face-5kps.onnx')], 1);
    await expect(page.getByTestId('target-select')).toHaveValue('face+landmark→image');
    await expect(page.locator('[data-testid="mapping"][data-from="landmark"]')).toContainText(
      '3 of 5 keypoints mapped',
    );
    await run(page, 1);
    await expect(page.locator('[data-testid="preview-box"][data-label="Face"]')).toHaveCount(1);
    await expect(page.getByTestId('preview-keypoint')).toHaveCount(3);

    const prediction = predictionOf(await exportTasks(page), 'astronaut.png');
    const kinds = prediction.result.map((r) => r.type);
    expect(kinds.filter((k) => k === 'keypointlabels')).toHaveLength(3);
    await expectInEditor(page, config, prediction, 'astronaut.png');
  });
});
