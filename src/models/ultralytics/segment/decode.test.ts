import { describe, expect, it } from 'vitest';
import type { DecodeOptions, ModelManifest, TensorData } from '../../types';
import { ModelLayoutError } from '../../shared/errors';
import { computeTransform } from '../../shared/preprocess';
import { ultralyticsPreprocess } from '../meta';
import { ultralyticsSegFamily } from './family';

const options: DecodeOptions = { confidence: 0.25, iou: 0.5, maxDetections: 100 };
const spec = ultralyticsPreprocess(64, 64);
// A 128×64 photo letterboxed into 64×64: scale 0.5, content 64×32, 16 rows of
// padding above. Input px (x, y) ↔ original (2x, 2(y − 16)).
const transform = computeTransform(128, 64, spec);
const manifest: ModelManifest = {
  id: 's',
  name: 's',
  family: 'ultralytics-seg',
  task: 'segment',
  file: 's.onnx',
  classNames: ['a', 'b'],
  preprocess: spec,
  decode: {},
  defaults: options,
};

const NC = 2;
const NM = 2;
const ROWS = 4 + NC + NM;
const N = 16;

/** output0 [1, 4+2+2, 16]: columns cx, cy, w, h, score a, score b, coef 0, coef 1. */
function head(anchors: number[][]): TensorData {
  const data = new Float32Array(ROWS * N);
  anchors.forEach((values, i) => values.forEach((v, r) => (data[r * N + i] = v)));
  return { type: 'float32', data, dims: [1, ROWS, N] };
}

/**
 * output1 [1, 2, 16, 16] (stride 4): prototype 0 is +1 on cells left of
 * column 8 (input x < 32) and −1 right of it; prototype 1 is +1 on rows
 * below 6 (input y < 24) and −1 elsewhere.
 */
function protos(): TensorData {
  const data = new Float32Array(NM * 16 * 16);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      data[i * 16 + j] = j < 8 ? 1 : -1;
      data[256 + i * 16 + j] = i < 6 ? 1 : -1;
    }
  }
  return { type: 'float32', data, dims: [1, NM, 16, 16] };
}

/** On-pixel columns of each mask row, as "from-to" strings. */
function onColumns(m: { width: number; height: number; data: Uint8Array }): string[] {
  const rows: string[] = [];
  for (let y = 0; y < m.height; y++) {
    const on = [...m.data.subarray(y * m.width, (y + 1) * m.width).keys()].filter(
      (x) => m.data[y * m.width + x] === 1,
    );
    rows.push(on.length ? `${on[0]}-${on[on.length - 1]}` : '');
  }
  return rows;
}

describe('Ultralytics -seg decoding', () => {
  // Box centred at input (32, 32), 32×16 → input x 16..48, y 24..40 → original x 32..96, y 16..48.
  const object = [32, 32, 32, 16, 0.9, 0.1, 1, 0];
  const duplicate = [33, 32, 32, 16, 0.8, 0.1, 1, 0];
  const inPadding = [32, 5, 10, 6, 0.9, 0, 1, 0];

  it('keeps one box per object with its mask over the box, letterbox undone', () => {
    const out = ultralyticsSegFamily.decode(
      { output0: head([object, duplicate, inPadding]), output1: protos() },
      transform,
      manifest,
      options,
    );
    expect(out).toHaveLength(1);
    const [c] = out;
    if (c?.kind !== 'mask') throw new Error('expected a mask candidate');
    expect(c).toMatchObject({ classIndex: 0, x: 32, y: 16, width: 64, height: 32 });
    expect(c.score).toBeCloseTo(0.9, 6);
    // The mask grid is the box in input pixels (32×16), placed over original x 32..96, y 16..48.
    expect(c.mask).toMatchObject({ width: 32, height: 16 });
    expect(c.mask.placement).toEqual({ x: 32, y: 16, width: 64, height: 32 });
    // Logit along x is bilinear between +1 (proto col 7) and −1 (col 8): input
    // column c has u = (c + 0.5)/4 − 0.5, positive for c ≤ 31, i.e. mask columns 0..15.
    expect(new Set(onColumns(c.mask))).toEqual(new Set(['0-15']));
  });

  it('combines prototypes with the coefficients and crops to the image content', () => {
    // Coefficients (0, 1): on above input y = 24 only. A box from input y 8 to 40
    // reaches 8 rows into the padding (y < 16): those rows are cut, so the mask starts at y 16.
    const tall = [32, 24, 32, 32, 0.9, 0, 0, 1];
    const [c] = ultralyticsSegFamily.decode(
      { output0: head([tall]), output1: protos() },
      transform,
      manifest,
      options,
    );
    if (c?.kind !== 'mask') throw new Error('expected a mask candidate');
    expect(c.mask.height).toBe(24); // input rows 16..39
    expect(c.mask.placement).toMatchObject({ y: 0, height: 48 });
    // Input row r: v = (r + 0.5)/4 − 0.5 is left of 5.5 (between +1 at row 5 and −1 at 6) for r ≤ 23.
    const rows = onColumns(c.mask);
    expect(rows.slice(0, 8)).toEqual(Array(8).fill('0-31'));
    expect(rows.slice(8)).toEqual(Array(16).fill(''));
  });

  it('reads NMS-free heads (x1,y1,x2,y2,score,class + coefficients per row) without NMS', () => {
    const rows = [
      [16, 24, 48, 40, 0.9, 1, 1, 0],
      [17, 24, 48, 40, 0.8, 1, 1, 0], // overlaps the first: kept, the model already did NMS
      [0, 20, 10, 30, 0.1, 0, 1, 0], // under the threshold
    ];
    const data = new Float32Array(4 * 8);
    rows.forEach((r, i) => data.set(r, i * 8));
    const out = ultralyticsSegFamily.decode(
      { output0: { type: 'float32', data, dims: [1, 4, 8] }, output1: protos() },
      transform,
      manifest,
      options,
    );
    expect(out.map((c) => [c.classIndex, Math.round(c.score * 10) / 10])).toEqual([
      [1, 0.9],
      [1, 0.8],
    ]);
    const [first] = out;
    if (first?.kind !== 'mask') throw new Error('expected a mask candidate');
    expect(first.mask.placement).toEqual({ x: 32, y: 16, width: 64, height: 32 });
    expect(new Set(onColumns(first.mask))).toEqual(new Set(['0-15']));
  });

  it('refuses a head whose rows do not fit the classes and prototypes', () => {
    const wrong = { type: 'float32', data: new Float32Array(9 * N), dims: [1, 9, N] } as TensorData;
    expect(() =>
      ultralyticsSegFamily.decode(
        { output0: wrong, output1: protos() },
        transform,
        manifest,
        options,
      ),
    ).toThrow(ModelLayoutError);
  });
});
