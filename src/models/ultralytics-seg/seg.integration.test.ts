// yolov8n-seg on real photos with onnxruntime-node → polygons and brushes that
// validate. Needs ../shared (models, photos): skipped with a message without it.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { polygonArea } from '../../core/masks/area';
import { maskToPolygons } from '../../core/masks/mask-polygons';
import { pickVisionTargets } from '../../core/mapping/vision-targets';
import { buildPrediction } from '../../core/predict/build-prediction';
import { decodeRle } from '../../core/results/brush';
import type { LsResult } from '../../core/results/types';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile, runDetection } from '../node-runner';
import type { MaskCandidate } from '../types';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('yolov8n-seg tests', modelsDir, imagesDir);
if (!available) {
  console.warn(`skipping yolov8n-seg integration tests: ${modelsDir} or ${imagesDir} is absent`);
}

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <PolygonLabels name="outline" toName="image"><Label value="Person"/><Label value="Cat"/></PolygonLabels>
  <BrushLabels name="paint" toName="image"><Label value="Person"/><Label value="Cat"/></BrushLabels>
</View>`);

type Pt = { x: number; y: number };

function perimeter(points: Pt[]): number {
  return points.reduce((sum, p, i) => {
    const q = points[(i + 1) % points.length] as Pt;
    return sum + Math.hypot(q.x - p.x, q.y - p.y);
  }, 0);
}

describe.skipIf(!available)('yolov8n-seg on real photos', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await loadModelFile(resolve(modelsDir, 'yolov8n-seg-int8dyn-320.onnx'));
  });

  it('is routed to the instance segmentation family by its metadata', () => {
    expect(model.manifest).toMatchObject({ family: 'ultralytics-seg', task: 'segment' });
  });

  it.each([
    ['astronaut.png', 'person', 'Person'],
    ['chelsea.png', 'cat', 'Cat'],
  ])(
    '%s: the %s gets a polygon inside its box and a brush of the same area',
    async (file, cls, label) => {
      const image = await loadImageFile(resolve(imagesDir, file));
      const candidates = (await runDetection(
        model.session,
        model.family,
        model.manifest,
        image,
      )) as MaskCandidate[];
      const best = candidates[0] as MaskCandidate;
      expect(model.manifest.classNames[best.classIndex]).toBe(cls);

      const targets = pickVisionTargets(config, 'mask', model.manifest, { bothMaskForms: true });
      const { prediction, issues } = buildPrediction({
        candidates: [best],
        classNames: model.manifest.classNames,
        targets,
        image,
        taskIndex: 0,
        modelVersion: 'yolov8n-seg@test',
        config,
      });
      expect(issues).toEqual([]);
      const polygon = prediction.result.find((r) => r.type === 'polygonlabels') as LsResult;
      const brush = prediction.result.find((r) => r.type === 'brushlabels') as LsResult;
      expect(polygon.value.polygonlabels).toEqual([label]);
      expect(brush.value.brushlabels).toEqual([label]);

      // Polygon (percent) back to pixels: inside the detection box, give or take
      // one mask cell (the mask keeps whole model-input pixels, ≤ 1 cell past the box edge).
      const cell = best.mask.placement.width / best.mask.width;
      const points = (polygon.value.points as [number, number][]).map(([x, y]) => ({
        x: (x / 100) * image.width,
        y: (y / 100) * image.height,
      }));
      for (const p of points) {
        expect(p.x).toBeGreaterThanOrEqual(best.x - cell);
        expect(p.x).toBeLessThanOrEqual(best.x + best.width + cell);
        expect(p.y).toBeGreaterThanOrEqual(best.y - cell);
        expect(p.y).toBeLessThanOrEqual(best.y + best.height + cell);
      }
      // A real outline, not a box: many vertices, and it fills only part of the box.
      expect(points.length).toBeGreaterThan(8);
      const polyArea = polygonArea(points);
      expect(polyArea / (best.width * best.height)).toBeGreaterThan(0.3);
      expect(polyArea / (best.width * best.height)).toBeLessThan(0.95);

      // The brush decodes to the ORIGINAL image size; its painted area matches the polygon's.
      const rgba = decodeRle(brush.value.rle as number[]);
      expect(rgba.length).toBe(image.width * image.height * 4);
      let painted = 0;
      for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 0) painted++;
      // Why they may differ: (1) Douglas–Peucker (tolerance 1 cell) moves the outline
      // by ≤ 1 cell, so the area by ≤ cell × perimeter; (2) the brush is the mask
      // resampled nearest-neighbour into whole pixels of a rounded placement, which
      // moves each edge by ≤ 1 px: ≤ 1 × perimeter; (3) the polygon is the largest
      // component with its holes filled, the brush every component without holes.
      const cellArea = cell * (best.mask.placement.height / best.mask.height);
      const components = maskToPolygons(best.mask, { tolerance: 0 });
      const outer = components[0] as { points: Pt[]; area: number };
      const holes = polygonArea(outer.points) - outer.area;
      const specks = components.slice(1).reduce((s, c) => s + c.area, 0);
      const bound = (cell + 1) * perimeter(points) + Math.abs(holes - specks) * cellArea;
      expect(Math.abs(painted - polyArea)).toBeLessThanOrEqual(bound);
      // For scale: the bound is a few percent of the object here.
      expect(bound / polyArea).toBeLessThan(0.1);
    },
  );
});
