// Families the UI specs do not cover yet, checked in the real editor (LSF 1.4.0):
// DeepLabV3 semantic masks (real model, onnxruntime-node), oriented boxes and
// pose keypoints (no such model in ../shared: candidates placed by hand), all
// through the same buildPrediction the worker and the CLI use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseLabelingConfig } from '../src/core/config';
import { pickVisionTargets } from '../src/core/mapping';
import type { VisionCandidate } from '../src/core/mapping';
import { buildPrediction } from '../src/core/predict';
import { loadImageFile, loadModelFile, runDetection } from '../src/models/node-runner';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import { SHARED_FIXTURES } from './ls-editor/serve';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { fixturesPresent } from '../test/require-fixtures';

const SHARED_MODELS = join(SHARED_FIXTURES, '../models');
test.skip(!HAS_EDITOR, NO_EDITOR);
test.skip(!fixturesPresent('families-in-editor.spec.ts', SHARED_MODELS), `needs ${SHARED_MODELS}`);

async function check(
  config: string,
  image: string,
  candidates: VisionCandidate[],
  names: {
    classNames: string[];
    keypointNames?: string[];
  },
  kind: Parameters<typeof pickVisionTargets>[1],
  page: Parameters<typeof loadInEditor>[0],
) {
  const parsed = parseLabelingConfig(config);
  const size = await loadImageFile(join(SHARED_FIXTURES, 'images', image));
  const { prediction, issues } = buildPrediction({
    candidates,
    ...names,
    targets: pickVisionTargets(parsed, kind, names),
    image: size,
    taskIndex: 0,
    modelVersion: `${kind}@test`,
    config: parsed,
  });
  expect(issues).toEqual([]);
  expect(prediction.result.length).toBeGreaterThan(0);
  const [loaded] = await loadInEditor(page, {
    config,
    data: { image: fixtureUrl(`images/${image}`) },
    predictions: [prediction],
  });
  expectAllLoaded(prediction, loaded);
  return prediction;
}

test('DeepLabV3 semantic masks load as brush regions of the right class', async ({ page }) => {
  const model = await loadModelFile(join(SHARED_MODELS, 'deeplabv3-mobilenetv2-voc21-257.onnx'));
  const classNames = JSON.parse(
    readFileSync(join(SHARED_MODELS, 'labels/voc21.json'), 'utf8'),
  ) as string[];
  const manifest = { ...model.manifest, classNames };
  const image = await loadImageFile(join(SHARED_FIXTURES, 'images/chelsea.png'));
  const candidates = (await runDetection(
    model.session,
    model.family,
    manifest,
    image,
  )) as VisionCandidate[];
  const config = `<View><Image name="image" value="$image"/>
    <BrushLabels name="seg" toName="image"><Label value="cat"/><Label value="person"/></BrushLabels></View>`;
  const prediction = await check(config, 'chelsea.png', candidates, { classNames }, 'mask', page);
  expect(prediction.result.some((r) => (r.value.brushlabels as string[])[0] === 'cat')).toBe(true);
});

test('oriented boxes load as rotated rectangles', async ({ page }) => {
  const config = `<View><Image name="image" value="$image"/>
    <RectangleLabels name="obb" toName="image"><Label value="plane"/></RectangleLabels></View>`;
  const candidates: VisionCandidate[] = [
    { kind: 'box', classIndex: 0, score: 0.9, x: 100, y: 50, width: 120, height: 40, rotation: 30 },
    {
      kind: 'box',
      classIndex: 0,
      score: 0.8,
      x: 300,
      y: 200,
      width: 60,
      height: 30,
      rotation: 300,
    },
  ] as VisionCandidate[];
  const prediction = await check(
    config,
    'chelsea.png',
    candidates,
    { classNames: ['plane'] },
    'box',
    page,
  );
  expect(prediction.result.map((r) => r.value.rotation)).toEqual([30, 300]);
});

test('pose keypoints load as keypoint regions next to their instance box', async ({ page }) => {
  const config = `<View><Image name="image" value="$image"/>
    <RectangleLabels name="box" toName="image"><Label value="person"/></RectangleLabels>
    <KeyPointLabels name="kp" toName="image"><Label value="nose"/><Label value="left_eye"/></KeyPointLabels></View>`;
  const candidates = [
    {
      kind: 'keypoints',
      classIndex: 0,
      score: 0.9,
      x: 150,
      y: 40,
      width: 200,
      height: 400,
      keypoints: [
        { x: 250, y: 90, score: 0.95 },
        { x: 240, y: 80, score: 0.9 },
      ],
    },
  ] as VisionCandidate[];
  const prediction = await check(
    config,
    'astronaut.png',
    candidates,
    { classNames: ['person'], keypointNames: ['nose', 'left_eye'] },
    'keypoints',
    page,
  );
  expect(prediction.result.filter((r) => r.type === 'keypointlabels')).toHaveLength(2);
});
