// Mask runs on real models, through the engine's own steps: a task is
// inferred as a run does (the predictor on a downscaled decode), its raw
// candidates go through the journal's packing, and predictions re-derived
// from them with new settings are compared with fresh predictions at those
// settings (polygons, brush RLE, scores: the Label Studio JSON itself).
// Needs ../shared (models, photos): skipped with a message without it.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import type { VisionCandidate } from '../core/mapping/vision-candidates';
import { pickVisionTargets } from '../core/mapping/vision-targets';
import { buildPrediction, scaleCandidate } from '../core/predict';
import {
  predictTask,
  rederiveTask,
  runTensorModel,
  type OpenedTensorModel,
  type PredictSettings,
} from '../models/predictor';
import { loadImageFile } from '../models/predictor/node-image';
import { nearMissContext } from '../models/predictor/prediction-score';
import { openModelFile } from '../models/predictor/node-runtime';
import type { DecodeOptions, RgbaImage } from '../models/types';
import { packCandidates, packedBytes, unpackCandidates } from './journal/packed-candidates';
import { sizesOf } from './prepare-image';
import { fixturesPresent } from '../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('mask re-derive tests', modelsDir, imagesDir);
if (!available) console.warn(`skipping mask re-derivation tests: ${modelsDir} is absent`);

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <PolygonLabels name="outline" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/><Label value="Horse"/>
  </PolygonLabels>
  <BrushLabels name="paint" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/><Label value="Horse"/>
  </BrushLabels>
</View>`);

function settingsOf(model: OpenedTensorModel, options: DecodeOptions): PredictSettings {
  return {
    config,
    modelVersion: `m@${options.confidence}`,
    targets: pickVisionTargets(config, 'mask', model.manifest, { bothMaskForms: true }),
    options,
  };
}

/** What a fresh run writes at `options`: the family's decode at those settings, scaled, built. */
async function freshPrediction(
  run: PredictSettings,
  node: OpenedTensorModel,
  image: RgbaImage,
  scale: number,
) {
  const { outputs, transform } = await runTensorModel(node, image);
  const found = node.family.decode(outputs, transform, node.manifest, run.options);
  const candidates = (found as VisionCandidate[]).map((c) => scaleCandidate(c, scale, scale));
  // Its task score weighs the near misses of its own relaxed decode.
  const raw = node.family.rethreshold.rawDecode(outputs, transform, node.manifest, run.options);
  return buildPrediction({
    ...nearMissContext(node, raw, run),
    candidates,
    classNames: node.manifest.classNames,
    targets: run.targets,
    image: { width: image.width * scale, height: image.height * scale },
    taskIndex: 0,
    modelVersion: run.modelVersion,
    config,
    taskData: {},
  }).prediction;
}

const CASES = [
  {
    file: 'yolov8n-seg-int8dyn-320.onnx',
    runAt: { confidence: 0.25, iou: 0.7, maxDetections: 100 },
    later: [
      { confidence: 0.6, iou: 0.7, maxDetections: 100 },
      { confidence: 0.1, iou: 0.3, maxDetections: 100 },
      { confidence: 0.25, iou: 0.9, maxDetections: 2 },
    ],
  },
  {
    file: 'deeplabv3-mobilenetv2-voc21-257.onnx',
    runAt: { confidence: 0.3, iou: 0, maxDetections: 100 },
    later: [
      { confidence: 0.8, iou: 0, maxDetections: 100 },
      { confidence: 0, iou: 0, maxDetections: 1 },
    ],
  },
];

describe.skipIf(!available)('mask runs re-derived from the journal equal fresh runs', () => {
  const nodes = new Map<string, OpenedTensorModel>();
  beforeAll(async () => {
    for (const c of CASES) nodes.set(c.file, await openModelFile(resolve(modelsDir, c.file)));
  });

  it.each(CASES)('$file', async ({ file, runAt, later }) => {
    const node = nodes.get(file)!;
    const model = node;
    const bytes: string[] = [];
    let regions = 0;
    for (const photo of ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png']) {
      const image = await loadImageFile(resolve(imagesDir, photo));
      // The worker decoded the photo at half its size: results are scaled ×2.
      const decoded = { image, originalWidth: image.width * 2, originalHeight: image.height * 2 };
      const task = { index: 0, data: {} };
      const run = settingsOf(model, runAt);
      // As the worker does: the tensor made ahead (prep worker), then the predictor.
      const prepared = model.family.preprocess(image, model.manifest, model.inputName);
      const result = await predictTask(model, { task, prepared, sizes: sizesOf(decoded) }, run);
      expect(result.raw).toBeDefined();
      expect(result.prediction).toEqual(await freshPrediction(run, node, image, 2));

      const packed = packCandidates(result.raw!);
      bytes.push(`${photo} ${packedBytes(packed)}`);
      const kept = unpackCandidates(packed);
      for (const [k, options] of later.entries()) {
        const next = settingsOf(model, options);
        // The mapping is a setting too: the first change also stops labelling persons.
        if (k === 0) for (const t of next.targets) t.mapping = { ...t.mapping, person: null };
        const derived = rederiveTask(model, kept, result.image, task, next);
        expect(derived.exact).toBe(true);
        expect(derived.prediction).toEqual(await freshPrediction(next, node, image, 2));
        regions += derived.prediction.result.length;
      }
    }
    console.log(`${file}: journal bytes per task: ${bytes.join(', ')}`);
    expect(regions).toBeGreaterThan(0);
  });
});
