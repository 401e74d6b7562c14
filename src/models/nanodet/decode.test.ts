import { describe, expect, it } from 'vitest';
import type { DecodeOptions, ModelManifest, TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import { computeTransform } from '../shared/preprocess';
import { distributionMean } from './decode';
import { nanodetFamily } from './family';
import { NANODET_DEFAULTS, nanodetPreprocess } from './meta';
import { pickLevels } from './outputs';

const options: DecodeOptions = { confidence: 0.35, iou: 0.6, maxDetections: 100 };
const NC = 3;
const BINS = 8;

const manifest: ModelManifest = {
  id: 'n',
  name: 'n',
  family: 'nanodet',
  task: 'detect',
  file: 'n.onnx',
  classNames: ['a', 'b', 'c'],
  preprocess: nanodetPreprocess(64, 64),
  decode: {},
  defaults: NANODET_DEFAULTS,
};

const tensor = (rows: number, cols: number, batched = false): TensorData => ({
  type: 'float32',
  data: new Float32Array(rows * cols),
  dims: batched ? [1, rows, cols] : [rows, cols],
});

/** Logits that put (almost) all mass on one bin per side. */
function sides(left: number, top: number, right: number, bottom: number): number[] {
  return [left, top, right, bottom].flatMap((bin) =>
    Array.from({ length: BINS }, (_, b) => (b === bin ? 50 : 0)),
  );
}

/**
 * 64×64 input → 64, 16 and 4 cells at strides 8/16/32. Names deliberately
 * misleading and order shuffled, like the real export.
 */
function outputs(): Record<string, TensorData> {
  return {
    cls_score0: tensor(64, NC),
    bbox_pred0: tensor(16, NC, true),
    cls_score1: tensor(4, NC),
    bbox_pred1: tensor(64, 4 * BINS),
    cls_score2: tensor(16, 4 * BINS),
    bbox_pred2: tensor(4, 4 * BINS),
  };
}

// A 128×64 image letterboxed centred into 64×64: scale 0.5, content 64×32, 16 px on top.
const transform = computeTransform(128, 64, nanodetPreprocess(64, 64));

describe('distributionMean', () => {
  it('is the softmax-weighted bin index', () => {
    expect(distributionMean(new Float32Array(8), 0, 8)).toBeCloseTo(3.5);
    expect(distributionMean(new Float32Array(sides(5, 0, 0, 0)), 0, 8)).toBeCloseTo(5, 6);
    // Two equal bins at 2 and 4 → 3.
    const two = new Float32Array(8).fill(-100);
    two[2] = 1;
    two[4] = 1;
    expect(distributionMean(two, 0, 8)).toBeCloseTo(3, 6);
  });
});

describe('pickLevels', () => {
  it('pairs outputs by shape, not by name', () => {
    const shapes = Object.entries(outputs()).map(([name, t]) => ({ name, dims: t.dims }));
    const levels = pickLevels(shapes, 64, 64, [8, 16, 32], 7, NC);
    expect(levels.map((l) => [l.stride, l.classOutput, l.boxOutput])).toEqual([
      [8, 'cls_score0', 'bbox_pred1'],
      [16, 'bbox_pred0', 'cls_score2'],
      [32, 'cls_score1', 'bbox_pred2'],
    ]);
  });

  it('explains a missing level', () => {
    const shapes = [{ name: 'a', dims: [64, NC] }];
    expect(() => pickLevels(shapes, 64, 64, [8], 7, NC)).toThrow(ModelLayoutError);
    expect(() => pickLevels(shapes, 64, 64, [8], 7, NC)).toThrow(
      /one \[64,3\] class map and one \[64,32\] box distribution/,
    );
  });
});

describe('NanoDet decode', () => {
  it('turns distances from the cell centre into original-pixel boxes', () => {
    const out = outputs();
    // Stride 8, cell (gx=3, gy=2) → index 2·8+3 = 19, centre ((3+0.5)·8, (2+0.5)·8) = (28, 20).
    // Bins left 2, top 1, right 3, bottom 4 → distances 16, 8, 24, 32 → input 12,12 – 52,52.
    // Original: x=(12−0)/0.5=24, y=(12−16)/0.5=−8 → 0, x2=104, y2=(52−16)/0.5=72 → 64.
    (out.cls_score0!.data as Float32Array).set([0.1, 0.8, 0.2], 19 * NC);
    (out.bbox_pred1!.data as Float32Array).set(sides(2, 1, 3, 4), 19 * 4 * BINS);
    const boxes = nanodetFamily.decode(out, transform, manifest, options);
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.classIndex).toBe(1);
    expect(boxes[0]?.score).toBeCloseTo(0.8, 6);
    expect(boxes[0]?.x).toBeCloseTo(24, 3);
    expect(boxes[0]?.y).toBeCloseTo(0, 3);
    expect(boxes[0]?.width).toBeCloseTo(80, 3);
    expect(boxes[0]?.height).toBeCloseTo(64, 3);
  });

  it('reads the batched stride-16 output and applies class-aware NMS', () => {
    const out = outputs();
    // Stride 16, cell (1,1) → index 5, centre (24, 24); all sides bin 1 → ±16 → 8..40.
    (out.bbox_pred0!.data as Float32Array).set([0.9, 0, 0], 5 * NC);
    (out.cls_score2!.data as Float32Array).set(sides(1, 1, 1, 1), 5 * 4 * BINS);
    // Nearly the same box from stride 8, cell (3,3), centre (28,28), all sides bin 2 → ±16 → 12..44:
    // IoU with 8..40 = 28²/(2·32² − 28²) ≈ 0.62 > 0.5, so the weaker one goes.
    (out.cls_score0!.data as Float32Array).set([0.5, 0, 0], 27 * NC);
    (out.bbox_pred1!.data as Float32Array).set(sides(2, 2, 2, 2), 27 * 4 * BINS);
    const boxes = nanodetFamily.decode(out, transform, manifest, { ...options, iou: 0.5 });
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ classIndex: 0, x: 16 });
    expect(boxes[0]?.score).toBeCloseTo(0.9, 6);
  });

  it('drops cells under the confidence', () => {
    const out = outputs();
    (out.cls_score0!.data as Float32Array).set([0.3, 0.2, 0.1], 0);
    expect(nanodetFamily.decode(out, transform, manifest, options)).toEqual([]);
  });
});
