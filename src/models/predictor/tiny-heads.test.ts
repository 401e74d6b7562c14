// Browser/CLI parity for the families with no real model here: tiny graphs
// of each head's layout (seeded random weights, Ultralytics metadata where
// the exporter writes it) are recognised as a dropped .onnx would be, then
// run the worker's way (tensor made ahead, ORT-web WASM) and the CLI's
// (createPredictor, onnxruntime-node): same regions, same model_version.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PredictArgs } from '../../cli/predict-args';
import { createPredictor } from '../../cli/predictors/create-predictor';
import { parseLabelingConfig } from '../../core/config';
import { pickVisionTargets } from '../../core/mapping';
import type { LsPrediction } from '../../core/results/types';
import { COCO17_KEYPOINT_NAMES } from '../ultralytics/pose/meta';
import type { RgbaImage } from '../types';
import { openModelFile } from './node-runtime';
import { predictTask, releaseModel, runModelVersion, type OpenedTensorModel } from '.';
import { expectSamePrediction } from './same-prediction';
import { seededWeights, tinyOnnx, type TinyGraph, type TinyNode } from './tiny-onnx';

const SIZE = 64;
const dir = mkdtempSync(join(tmpdir(), 'prelabel-tiny-heads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A photo-like gradient with a bright square, so pooled features vary across the image. */
function testImage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inSquare = x > width / 3 && x < width / 2 && y > height / 4 && y < height / 2;
      data[i] = inSquare ? 250 : (x * 255) / width;
      data[i + 1] = inSquare ? 240 : (y * 255) / height;
      data[i + 2] = ((x + y) * 127) / (width + height);
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/**
 * images → AveragePool(stride) → 1×1 Conv to `rows` channels → Sigmoid ×
 * per-row scale → [1, rows, cells]: a channel-first head like Ultralytics'.
 */
function headBranch(name: string, stride: number, scales: number[], seed: number) {
  const rows = scales.length;
  const nodes: TinyNode[] = [
    {
      op: 'AveragePool',
      inputs: ['images'],
      outputs: [`${name}_pool`],
      attributes: { kernel_shape: [stride, stride], strides: [stride, stride] },
    },
    { op: 'Conv', inputs: [`${name}_pool`, `${name}_w`, `${name}_b`], outputs: [`${name}_conv`] },
    { op: 'Sigmoid', inputs: [`${name}_conv`], outputs: [`${name}_sig`] },
    { op: 'Mul', inputs: [`${name}_sig`, `${name}_scale`], outputs: [`${name}_scaled`] },
    { op: 'Reshape', inputs: [`${name}_scaled`, 'flat'], outputs: [`${name}_out`] },
  ];
  const initializers = [
    {
      name: `${name}_w`,
      dims: [rows, 3, 1, 1],
      data: seededWeights(rows * 3, seed).map((v) => v * 4),
    },
    { name: `${name}_b`, dims: [rows], data: seededWeights(rows, seed + 1) },
    { name: `${name}_scale`, dims: [1, rows, 1, 1], data: Float32Array.from(scales) },
  ];
  return { nodes, initializers, output: `${name}_out` };
}

const FLAT = { name: 'flat', dims: [3], data: BigInt64Array.from([1n, 0n, -1n]) };
const INPUT = { name: 'images', dims: [1, 3, SIZE, SIZE] };
const ultralyticsMeta = (task: string, names: string[], extra: Record<string, string> = {}) => ({
  author: 'Ultralytics',
  task,
  imgsz: `[${SIZE}, ${SIZE}]`,
  stride: '32',
  names: `{${names.map((n, i) => `${i}: '${n}'`).join(', ')}}`,
  ...extra,
});

/** Box rows as Ultralytics writes them: centre and size in input pixels. */
const BOX = [SIZE, SIZE, SIZE / 2, SIZE / 2];

function singleHead(scales: number[], metadata: Record<string, string>): TinyGraph {
  const head = headBranch('h', 8, scales, 7);
  return {
    input: INPUT,
    outputs: ['output0'],
    nodes: [
      ...head.nodes.slice(0, -1),
      { op: 'Reshape', inputs: ['h_scaled', 'flat'], outputs: ['output0'] },
    ],
    initializers: [...head.initializers, FLAT],
    metadata,
  };
}

/** YOLOv5 (anchor-based, no metadata): [1, 3 anchors × cells of strides 8/16/32, 5 + classes]. */
function yolov5Head(classes: number): TinyGraph {
  const scales = [...BOX, 1, ...Array<number>(classes).fill(1)];
  const levels = [8, 16, 32].map((stride, i) => headBranch(`p${stride}`, stride, scales, 11 + i));
  return {
    input: INPUT,
    outputs: ['output0'],
    nodes: [
      ...levels.flatMap((l) => l.nodes),
      {
        op: 'Concat',
        inputs: levels.map((l) => l.output),
        outputs: ['cells'],
        attributes: { axis: 2 },
      },
      {
        op: 'Concat',
        inputs: ['cells', 'cells', 'cells'],
        outputs: ['anchors'],
        attributes: { axis: 2 },
      },
      {
        op: 'Transpose',
        inputs: ['anchors'],
        outputs: ['output0'],
        attributes: { perm: [0, 2, 1] },
      },
    ],
    initializers: [...levels.flatMap((l) => l.initializers), FLAT],
  };
}

/** Ultralytics -cls: pooled features → class logits → softmax, [1, classes]. */
function classifyHead(names: string[]): TinyGraph {
  const n = names.length;
  return {
    input: INPUT,
    outputs: ['output0'],
    nodes: [
      {
        op: 'Conv',
        inputs: ['images', 'w', 'b'],
        outputs: ['conv'],
        attributes: { strides: [8, 8], kernel_shape: [8, 8] },
      },
      { op: 'GlobalAveragePool', inputs: ['conv'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['output0'], attributes: { axis: 1 } },
    ],
    initializers: [
      { name: 'w', dims: [n, 3, 8, 8], data: seededWeights(n * 3 * 64, 5).map((v) => v * 0.3) },
      { name: 'b', dims: [n], data: seededWeights(n, 6) },
    ],
    metadata: ultralyticsMeta('classify', names),
  };
}

const kp = COCO17_KEYPOINT_NAMES;
const CASES = [
  {
    family: 'ultralytics-pose',
    graph: singleHead(
      [...BOX, 1, ...kp.flatMap(() => [SIZE, SIZE, 1])],
      ultralyticsMeta('pose', ['person'], { kpt_shape: '[17, 3]' }),
    ),
    config: `<View><Image name="image" value="$image"/>
      <RectangleLabels name="person" toName="image"><Label value="person"/></RectangleLabels>
      <KeyPointLabels name="joints" toName="image">${kp.map((k) => `<Label value="${k}"/>`).join('')}</KeyPointLabels>
    </View>`,
  },
  {
    family: 'ultralytics-obb',
    // x, y, w, h, two classes, then the angle in radians.
    graph: singleHead([...BOX, 1, 1, 1.5], ultralyticsMeta('obb', ['plane', 'ship'])),
    config: `<View><Image name="image" value="$image"/>
      <RectangleLabels name="obb" toName="image"><Label value="plane"/><Label value="ship"/></RectangleLabels>
    </View>`,
  },
  {
    family: 'ultralytics-cls',
    graph: classifyHead(['cat', 'dog', 'bird', 'fish']),
    config: `<View><Image name="image" value="$image"/>
      <Choices name="kind" toName="image"><Choice value="cat"/><Choice value="dog"/><Choice value="bird"/><Choice value="fish"/></Choices>
    </View>`,
  },
  {
    family: 'ultralytics',
    layout: 'yolov5',
    graph: yolov5Head(3),
    config: `<View><Image name="image" value="$image"/>
      <RectangleLabels name="label" toName="image"><Label value="class0"/><Label value="class1"/><Label value="class2"/></RectangleLabels>
    </View>`,
  },
];

const IMAGES = [testImage(96, 80), testImage(64, 64)];

async function workerSide(path: string, config: ReturnType<typeof parseLabelingConfig>) {
  const model = (await openModelFile(path, {}, 'wasm')) as OpenedTensorModel;
  try {
    const { manifest } = model;
    const options = manifest.defaults;
    const kind = model.kind as Exclude<typeof model.kind, 'text'>;
    const targets = pickVisionTargets(config, kind, manifest);
    const modelVersion = await runModelVersion(
      { id: model.id, name: manifest.name, kind: model.kind, bytesHash: model.bytesHash },
      { targets, options },
    );
    const predictions: LsPrediction[] = [];
    for (const [index, image] of IMAGES.entries()) {
      const prepared = model.family.preprocess(image, manifest, model.inputName);
      const sizes = {
        width: image.width,
        height: image.height,
        originalWidth: image.width,
        originalHeight: image.height,
      };
      const task = { index, data: { image: `${index}.png` } };
      const outcome = await predictTask(
        model,
        { task, prepared, sizes },
        { config, targets, options, modelVersion },
      );
      predictions.push(outcome.prediction);
    }
    return {
      family: model.family.id,
      layout: manifest.decode.layout,
      predictions,
      threshold: options.confidence,
    };
  } finally {
    await releaseModel(model);
  }
}

async function cliSide(path: string, config: ReturnType<typeof parseLabelingConfig>) {
  const args: PredictArgs = {
    config: '',
    tasks: '',
    model: path,
    out: '',
    format: 'tasks',
    backend: 'node',
  };
  const predictor = await createPredictor({ modelPath: path }, config, args);
  try {
    const predictions: LsPrediction[] = [];
    for (const [index, image] of IMAGES.entries()) {
      const built = await predictor.predict(image, { data: { image: `${index}.png` } }, index);
      predictions.push(built.prediction);
    }
    return predictions;
  } finally {
    await predictor.release();
  }
}

describe('families without real weights here: worker and CLI predict the same', () => {
  it.each(CASES)('$family', async ({ family, graph, config: xml, ...rest }) => {
    const path = join(dir, `${family}.onnx`);
    writeFileSync(path, tinyOnnx(graph));
    const config = parseLabelingConfig(xml);
    const worker = await workerSide(path, config);
    expect(worker.family, 'recognised as a dropped .onnx').toBe(family);
    if ('layout' in rest) expect(worker.layout).toBe(rest.layout);
    const cli = await cliSide(path, config);
    const regions = worker.predictions.reduce((n, p) => n + p.result.length, 0);
    expect(regions, 'the random head finds something to compare').toBeGreaterThan(0);
    worker.predictions.forEach((p, i) => expectSamePrediction(p, cli[i]!, worker.threshold));
  });
});
