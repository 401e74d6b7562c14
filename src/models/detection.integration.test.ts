// Real models on real photos with onnxruntime-node. Needs ../shared (models
// and fixtures), which CI has and a fresh clone does not: skipped then.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoxCandidate, RgbaImage } from './types';
import type { LoadedModel } from './node-runner';
import { loadImageFile, loadModelFile, runDetection } from './node-runner';
import { iou } from './shared/nms';
import { COCO80_CLASS_NAMES } from './shared/coco80';
import { fixturesPresent } from '../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('real-model detection tests', modelsDir, imagesDir);
if (!available) {
  console.warn(`skipping detection integration tests: ${modelsDir} or ${imagesDir} is absent`);
}

const MODELS = [
  { file: 'yolov8n-int8dyn-640.onnx', family: 'ultralytics' },
  { file: 'yolov8n-int8dyn-320.onnx', family: 'ultralytics' },
  { file: 'yolo11n-int8-320.onnx', family: 'ultralytics' },
  { file: 'yolo26n-int8dyn-640-end2end.onnx', family: 'ultralytics' },
  { file: 'yolov8n-seg-int8dyn-320.onnx', family: 'ultralytics-seg' },
  { file: 'yolox-nano-416.onnx', family: 'yolox' },
  { file: 'nanodet-m-320.onnx', family: 'nanodet' },
];

const region = (x: number, y: number, width: number, height: number): BoxCandidate => ({
  kind: 'box',
  classIndex: -1,
  score: 1,
  x,
  y,
  width,
  height,
});

// Object extents read off the photos by eye (original pixels), independent of any model.
const SCENES = [
  { image: 'astronaut.png', label: 'person', region: region(20, 12, 345, 500) },
  { image: 'chelsea.png', label: 'cat', region: region(0, 0, 430, 300) },
  { image: 'coffee.png', label: 'cup', region: region(172, 18, 238, 290) },
];
/** Loose enough for small models' box jitter, tight enough to fail on a box elsewhere. */
const MIN_IOU = 0.6;

describe.skipIf(!available)('detection on real models', () => {
  const images = new Map<string, RgbaImage>();

  beforeAll(async () => {
    for (const name of [...SCENES.map((s) => s.image), 'rocket.jpg']) {
      images.set(name, await loadImageFile(resolve(imagesDir, name)));
    }
  });

  it('ships the same COCO-80 names as the models’ label files', () => {
    const coco = JSON.parse(
      readFileSync(resolve(modelsDir, 'labels/coco80.json'), 'utf8'),
    ) as string[];
    expect(COCO80_CLASS_NAMES).toEqual(coco);
    // NanoDet's darknet list spells some names differently but has the same order.
    const darknet = readFileSync(resolve(modelsDir, 'labels/coco80_darknet.names'), 'utf8')
      .trim()
      .split('\n');
    expect(darknet).toHaveLength(80);
    for (const label of ['person', 'cat', 'cup']) {
      expect(darknet.indexOf(label)).toBe(COCO80_CLASS_NAMES.indexOf(label));
    }
  });

  describe.each(MODELS)('$file', ({ file, family }) => {
    let model: LoadedModel;

    beforeAll(async () => {
      // Dropped as a bare .onnx: family and manifest come from metadata / shapes.
      model = await loadModelFile(resolve(modelsDir, file));
    });

    it(`is recognised as ${family} with 80 COCO classes`, () => {
      expect(model.manifest.family).toBe(family);
      expect(model.manifest.classNames).toEqual(COCO80_CLASS_NAMES);
    });

    it.each(SCENES)(
      'finds the $label in $image as its best detection',
      async ({ image, label, region }) => {
        const boxes = await runDetection(
          model.session,
          model.family,
          model.manifest,
          images.get(image) as RgbaImage,
        );
        const best = boxes[0];
        expect(best, 'no detection at the default confidence').toBeDefined();
        expect(model.manifest.classNames[best?.classIndex ?? -1]).toBe(label);
        expect(iou(best as BoxCandidate, region)).toBeGreaterThanOrEqual(MIN_IOU);
      },
    );

    it('finds nothing in rocket.jpg (no COCO object) at the model’s default confidence', async () => {
      // The default confidence is what the app emits predictions with (0.25–0.35).
      const boxes = await runDetection(
        model.session,
        model.family,
        model.manifest,
        images.get('rocket.jpg') as RgbaImage,
      );
      expect(
        boxes.map((b) => `${model.manifest.classNames[b.classIndex]} ${b.score.toFixed(2)}`),
      ).toEqual([]);
    });
  });
});
