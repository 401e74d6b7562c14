// DeepLabV3 (VOC-21) on real photos with onnxruntime-node → class regions that
// validate. Needs ../shared (models, photos): skipped with a message without it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickVisionTargets } from '../../core/mapping/vision-targets';
import { buildPrediction } from '../../core/predict/build-prediction';
import { decodeRle } from '../../core/results/brush';
import { iou } from '../shared/nms';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile, runDetection } from '../node-runner';
import type { BoxCandidate, MaskCandidate } from '../types';
import { VOC21_CLASS_NAMES } from './meta';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('DeepLabV3 tests', modelsDir, imagesDir);
if (!available) {
  console.warn(`skipping DeepLabV3 integration tests: ${modelsDir} or ${imagesDir} is absent`);
}

// Object extents read off the photos by eye (original pixels), independent of any model.
const region = (x: number, y: number, width: number, height: number): BoxCandidate => ({
  kind: 'box',
  classIndex: -1,
  score: 1,
  x,
  y,
  width,
  height,
});
const SCENES = [
  { file: 'astronaut.png', cls: 'person', label: 'Person', extent: region(20, 12, 345, 500) },
  { file: 'chelsea.png', cls: 'cat', label: 'Cat', extent: region(0, 0, 430, 300) },
];

const brushConfig = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <BrushLabels name="paint" toName="image"><Label value="Person"/><Label value="Cat"/></BrushLabels>
</View>`);
const polygonConfig = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <PolygonLabels name="outline" toName="image"><Label value="Person"/><Label value="Cat"/></PolygonLabels>
</View>`);

describe.skipIf(!available)('DeepLabV3 on real photos', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await loadModelFile(resolve(modelsDir, 'deeplabv3-mobilenetv2-voc21-257.onnx'));
  });

  it('is recognised as semantic segmentation with the VOC names of its labels file', () => {
    expect(model.manifest).toMatchObject({ family: 'semantic-seg', task: 'semantic' });
    const voc = JSON.parse(
      readFileSync(resolve(modelsDir, 'labels/voc21.json'), 'utf8'),
    ) as string[];
    expect(model.manifest.classNames).toEqual(voc);
    expect(VOC21_CLASS_NAMES).toEqual(voc);
  });

  it.each(SCENES)(
    '$file: the $cls region covers the $cls',
    async ({ file, cls, label, extent }) => {
      const image = await loadImageFile(resolve(imagesDir, file));
      const masks = (await runDetection(
        model.session,
        model.family,
        model.manifest,
        image,
      )) as MaskCandidate[];
      const best = masks[0] as MaskCandidate;
      expect(model.manifest.classNames[best.classIndex]).toBe(cls);
      expect(masks.every((m) => m.classIndex !== 0)).toBe(true); // background never emitted
      // Its bounding box is where the object is seen by eye.
      expect(iou(best as unknown as BoxCandidate, extent)).toBeGreaterThan(0.6);

      // Brush: one region for the class, painting a sensible share of the photo.
      const brushTargets = pickVisionTargets(brushConfig, 'mask', model.manifest);
      const brush = buildPrediction({
        candidates: masks,
        classNames: model.manifest.classNames,
        targets: brushTargets,
        image,
        taskIndex: 0,
        modelVersion: 'deeplab@test',
        config: brushConfig,
      });
      // Other VOC classes found have no label here: dropped, and counted.
      expect(brush.issues).toEqual([]);
      const painted = brush.prediction.result.filter(
        (r) => r.value.brushlabels?.toString() === label,
      );
      expect(painted).toHaveLength(1);
      const rgba = decodeRle(painted[0]?.value.rle as number[]);
      let on = 0;
      for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) on++;
      const share = on / (image.width * image.height);
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.9);

      // Polygons: one per connected component big enough (0.5 % of the photo).
      const polygons = buildPrediction({
        candidates: masks,
        classNames: model.manifest.classNames,
        targets: pickVisionTargets(polygonConfig, 'mask', model.manifest),
        image,
        taskIndex: 0,
        modelVersion: 'deeplab@test',
        config: polygonConfig,
        options: { allComponents: true, minArea: 0.005 * image.width * image.height },
      });
      expect(polygons.issues).toEqual([]);
      const outlines = polygons.prediction.result.filter(
        (r) => r.value.polygonlabels?.toString() === label,
      );
      expect(outlines.length).toBeGreaterThanOrEqual(1);
    },
  );
});
