// Mask runs on real models, through the engine's own steps: a task is
// inferred as a run does (inferVisionTask on a downscaled decode), its raw
// candidates go through the journal's packing, and predictions re-derived
// from them with new settings are compared with fresh predictions at those
// settings (polygons, brush RLE, scores: the Label Studio JSON itself).
// Needs ../shared (models, photos): skipped with a message without it.
import { resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import type * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import type { VisionCandidate } from '../core/mapping/vision-candidates';
import { pickVisionTargets } from '../core/mapping/vision-targets';
import { buildPrediction, scaleCandidate } from '../core/predict';
import { loadImageFile, loadModelFile, type LoadedModel as NodeModel } from '../models/node-runner';
import { sizesOf } from './prepare-image';
import { modelOutputs } from '../models/rethreshold-node-outputs';
import type { DecodeOptions, RgbaImage } from '../models/types';
import { packCandidates, packedBytes, unpackCandidates } from './journal/packed-candidates';
import type { VisionModel } from './model-loader';
import { rederivePrediction } from './rederive-task';
import { inferVisionTask, rederiveContext, type VisionRun } from './vision-task';
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

/** The engine's VisionModel over an onnxruntime-node session (same run() contract). */
function visionModel(node: NodeModel): VisionModel {
  const session = {
    run: (feeds: Record<string, ort.Tensor>) =>
      node.session.run(
        Object.fromEntries(
          Object.entries(feeds).map(([name, t]) => [
            name,
            new ortNode.Tensor('float32', t.data as Float32Array, t.dims),
          ]),
        ),
      ),
  } as unknown as ort.InferenceSession;
  return {
    kind: 'vision',
    session,
    manifest: node.manifest,
    family: node.family,
    inputName: node.session.inputNames[0]!,
    info: { kind: 'mask' } as VisionModel['info'],
  };
}

function runOf(model: VisionModel, options: DecodeOptions): VisionRun {
  return {
    config,
    modelVersion: `m@${options.confidence}`,
    model,
    targets: pickVisionTargets(config, 'mask', model.manifest, { bothMaskForms: true }),
    options,
  };
}

/** What a fresh run writes at `options`: the family's decode at those settings, scaled, built. */
async function freshPrediction(run: VisionRun, node: NodeModel, image: RgbaImage, scale: number) {
  const { outputs, transform } = await modelOutputs(node, image);
  const found = node.family.decode(outputs, transform, node.manifest, run.options);
  const candidates = (found as VisionCandidate[]).map((c) => scaleCandidate(c, scale, scale));
  return buildPrediction({
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
  const nodes = new Map<string, NodeModel>();
  beforeAll(async () => {
    for (const c of CASES) nodes.set(c.file, await loadModelFile(resolve(modelsDir, c.file)));
  });

  it.each(CASES)('$file', async ({ file, runAt, later }) => {
    const node = nodes.get(file)!;
    const model = visionModel(node);
    const bytes: string[] = [];
    let regions = 0;
    for (const photo of ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png']) {
      const image = await loadImageFile(resolve(imagesDir, photo));
      // The worker decoded the photo at half its size: results are scaled ×2.
      const decoded = { image, originalWidth: image.width * 2, originalHeight: image.height * 2 };
      const task = { index: 0, data: {} };
      const run = runOf(model, runAt);
      const input = model.family.preprocess(image, model.manifest, model.inputName);
      const result = await inferVisionTask(run, input, sizesOf(decoded), task);
      expect(result.raw).toBeDefined();
      expect(result.prediction).toEqual(await freshPrediction(run, node, image, 2));

      const packed = packCandidates(result.raw!);
      bytes.push(`${photo} ${packedBytes(packed)}`);
      const kept = unpackCandidates(packed);
      for (const [k, options] of later.entries()) {
        const next = runOf(model, options);
        // The mapping is a setting too: the first change also stops labelling persons.
        if (k === 0) for (const t of next.targets) t.mapping = { ...t.mapping, person: null };
        const derived = rederivePrediction(rederiveContext(next), kept, result.image, task);
        expect(derived.exact).toBe(true);
        expect(derived.prediction).toEqual(await freshPrediction(next, node, image, 2));
        regions += derived.prediction.result.length;
      }
    }
    console.log(`${file}: journal bytes per task: ${bytes.join(', ')}`);
    expect(regions).toBeGreaterThan(0);
  });
});
