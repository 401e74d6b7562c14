// The browser's path and the CLI's for every family with a real model here:
// the worker hands the predictor a tensor made ahead on onnxruntime-web
// (WASM, as in the browser), the CLI its createPredictor on onnxruntime-node;
// both must write the same prediction and the same model_version. Families
// without real weights here run tiny graphs (tiny-heads.integration.test.ts).
// Needs ../shared (models, photos): skipped with a message without it.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModelFiles, type ModelFiles } from '../../cli/load-model';
import type { PredictArgs } from '../../cli/predict-args';
import { createPredictor } from '../../cli/predictors/create-predictor';
import { parseLabelingConfig } from '../../core/config';
import { pickOcrTarget, pickVisionTargets, type MaskForm } from '../../core/mapping';
import type { LsPrediction } from '../../core/results/types';
import type { DecodeOptions } from '../types';
import { loadImageFile } from './node-image';
import { openModelFiles } from './node-runtime';
import { predictTask, releaseModel, runModelVersion, type OpenedModel } from '.';
import { expectSamePrediction, expectSameTaskScore } from './same-prediction';
import { fixturesPresent } from '../../../test/require-fixtures';

const shared = resolve(process.cwd(), '../shared');
const models = join(shared, 'models');
const images = join(shared, 'fixtures/images');
const available = fixturesPresent('browser/CLI parity tests', models, images);
if (!available) console.warn(`browser/CLI parity tests skipped: ${shared} is absent`);

const RECT = `<View><Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="person"/><Label value="cat"/><Label value="cup"/><Label value="horse"/>
    <Label value="face"/>
  </RectangleLabels></View>`;
const MASKS = `<View><Image name="image" value="$image"/>
  <PolygonLabels name="outline" toName="image">
    <Label value="person"/><Label value="cat"/><Label value="cup"/><Label value="horse"/>
  </PolygonLabels>
  <BrushLabels name="paint" toName="image">
    <Label value="person"/><Label value="cat"/><Label value="cup"/><Label value="horse"/>
  </BrushLabels></View>`;
const CHOICES = `<View><Image name="image" value="$image"/>
  <Choices name="kind" toName="image" choice="multiple">
    <Choice value="tabby"/><Choice value="Egyptian cat"/><Choice value="espresso"/><Choice value="cup"/>
  </Choices></View>`;
const FACES = `<View><Image name="image" value="$image"/>
  <RectangleLabels name="face" toName="image"><Label value="face"/></RectangleLabels>
  <KeyPointLabels name="landmarks" toName="image">
    <Label value="right_eye"/><Label value="left_eye"/><Label value="nose_tip"/>
    <Label value="right_mouth_corner"/><Label value="left_mouth_corner"/>
  </KeyPointLabels></View>`;
const OCR = `<View><Image name="image" value="$image"/>
  <Labels name="label" toName="image"><Label value="Text"/></Labels>
  <Rectangle name="bbox" toName="image"/>
  <TextArea name="transcription" toName="image" perRegion="true"/></View>`;

interface Case {
  name: string;
  /** A file of ../shared/models, or a built-in package id. */
  model: string;
  config: string;
  photos: string[];
  labels?: string;
  maskForm?: MaskForm;
}

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png'];
const CASES: Case[] = [
  { name: 'ultralytics (v8)', model: 'yolov8n-int8dyn-320.onnx', config: RECT, photos: PHOTOS },
  { name: 'ultralytics (11)', model: 'yolo11n-int8-320.onnx', config: RECT, photos: PHOTOS },
  {
    name: 'ultralytics end2end',
    model: 'yolo26n-int8dyn-640-end2end.onnx',
    config: RECT,
    photos: ['astronaut.png', 'horse.png'],
  },
  {
    name: 'ultralytics-seg (polygon + brush)',
    model: 'yolov8n-seg-int8dyn-320.onnx',
    config: MASKS,
    photos: PHOTOS,
    maskForm: 'both',
  },
  { name: 'yolox', model: 'yolox-nano-416.onnx', config: RECT, photos: PHOTOS },
  { name: 'nanodet', model: 'nanodet-m-320.onnx', config: RECT, photos: PHOTOS },
  {
    name: 'classification',
    model: 'mobilenetv2-12-int8.onnx',
    config: CHOICES,
    photos: ['chelsea.png', 'coffee.png'],
    labels: 'labels/imagenet_1000_ipne.json',
  },
  {
    name: 'semantic-seg',
    model: 'deeplabv3-mobilenetv2-voc21-257.onnx',
    config: MASKS,
    photos: ['chelsea.png', 'horse.png'],
    labels: 'labels/voc21.json',
    maskForm: 'brush',
  },
  { name: 'yunet', model: 'yunet-face-5kps.onnx', config: FACES, photos: ['astronaut.png'] },
  { name: 'ocr', model: 'ppocr-v4', config: OCR, photos: ['text.png'] },
];

function argsOf(c: Case, files: ModelFiles): PredictArgs {
  return {
    config: '',
    tasks: '',
    model: files.modelPath,
    out: '',
    format: 'tasks',
    backend: 'node',
    ...(c.labels ? { labels: join(models, c.labels) } : {}),
    ...(c.maskForm ? { maskForm: c.maskForm } : {}),
  };
}

/** What the worker does: the page's targets and model_version, the tensor made ahead, ORT-web. */
async function workerPredictions(
  c: Case,
  files: ModelFiles,
): Promise<{
  version: string;
  predictions: LsPrediction[];
  threshold: number;
}> {
  const config = parseLabelingConfig(c.config);
  const labels = c.labels
    ? (JSON.parse(readFileSync(join(models, c.labels), 'utf8')) as string[])
    : undefined;
  const model: OpenedModel = await openModelFiles(files, labels ? { labels } : {}, 'wasm');
  try {
    const { manifest } = model;
    const options: DecodeOptions = manifest.defaults;
    const text = model.kind === 'text';
    const targets = text
      ? []
      : pickVisionTargets(
          config,
          model.kind as Exclude<OpenedModel['kind'], 'text'>,
          manifest,
          c.maskForm ? { maskForm: c.maskForm } : {},
        );
    const info = {
      id: model.id,
      name: manifest.name,
      kind: model.kind,
      bytesHash: model.bytesHash,
    };
    const version = await runModelVersion(info, { targets, options });
    const settings = {
      config,
      targets,
      ...(text ? { ocrTarget: pickOcrTarget(config) } : {}),
      options,
      modelVersion: version,
    };
    const predictions: LsPrediction[] = [];
    for (const [index, photo] of c.photos.entries()) {
      const image = await loadImageFile(join(images, photo));
      const task = { index, data: { image: photo } };
      const input =
        'inputName' in model
          ? {
              task,
              prepared: model.family.preprocess(image, manifest, model.inputName),
              sizes: {
                width: image.width,
                height: image.height,
                originalWidth: image.width,
                originalHeight: image.height,
              },
            }
          : { task, image };
      const outcome = await predictTask(model, input, settings);
      expect(outcome.issues).toEqual([]);
      predictions.push(outcome.prediction);
    }
    return { version, predictions, threshold: options.confidence };
  } finally {
    await releaseModel(model);
  }
}

/** What `prelabel predict` does for the same tasks, on onnxruntime-node. */
async function cliPredictions(c: Case, files: ModelFiles) {
  const config = parseLabelingConfig(c.config);
  const predictor = await createPredictor(files, config, argsOf(c, files));
  try {
    const predictions: LsPrediction[] = [];
    for (const [index, photo] of c.photos.entries()) {
      const image = await loadImageFile(join(images, photo));
      const built = await predictor.predict(image, { data: { image: photo } }, index);
      expect(built.issues).toEqual([]);
      predictions.push(built.prediction);
    }
    return { version: predictor.modelVersion, predictions };
  } finally {
    await predictor.release();
  }
}

describe.skipIf(!available)('the worker and the CLI predict the same, family by family', () => {
  const regions = new Map<string, number>();
  afterAll(() => console.log('regions per family:', Object.fromEntries(regions)));

  it.each(CASES)('$name', async (c) => {
    const files = await resolveModelFiles(
      existsSync(join(models, c.model)) ? join(models, c.model) : c.model,
    );
    const worker = await workerPredictions(c, files);
    const cli = await cliPredictions(c, files);
    const threshold = files.manifest?.defaults.confidence ?? worker.threshold;
    expect(worker.version).toBe(cli.version);
    const count = worker.predictions.reduce((n, p) => n + p.result.length, 0);
    expect(count, 'the photos give this family something to compare').toBeGreaterThan(0);
    regions.set(c.name, count);
    worker.predictions.forEach((p, i) => expectSamePrediction(p, cli.predictions[i]!, threshold));
    // The same task score by the same rule, up to the runtimes' noise (exact
    // on one runtime: src/cli/cli-score.integration.test.ts).
    worker.predictions.forEach((p, i) => expectSameTaskScore(p, cli.predictions[i]!, threshold));
  });
});
