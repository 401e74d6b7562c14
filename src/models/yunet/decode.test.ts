import { describe, expect, it } from 'vitest';
import type { DecodeOptions, KeypointCandidate, TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import { computeTransform } from '../shared/preprocess';
import { yunetBareModel } from './bare';
import { decodeYunet } from './decode';
import { YUNET_STRIDES, yunetPreprocess } from './meta';

const options: DecodeOptions = { confidence: 0.6, iou: 0.3, maxDetections: 10 };
const spec = yunetPreprocess(64, 64);
// 128×96 photo, top-left letterbox into 64×64: scale 0.5, no offset: original = 2 × input.
const transform = computeTransform(128, 96, spec);

const tensor = (cells: number, values: number, set: Record<number, number[]> = {}): TensorData => {
  const data = new Float32Array(cells * values);
  for (const [cell, v] of Object.entries(set)) data.set(v, Number(cell) * values);
  return { type: 'float32', data, dims: [1, cells, values] };
};

/** Outputs for a 64×64 input (8×8, 4×4, 2×2 cells) with faces placed per stride and cell. */
function outputs(
  faces: {
    stride: number;
    cell: number;
    cls: number;
    obj: number;
    bbox: number[];
    kps: number[];
  }[],
) {
  const out: Record<string, TensorData> = {};
  for (const s of YUNET_STRIDES) {
    const cells = (64 / s) ** 2;
    const here = faces.filter((f) => f.stride === s);
    const at = (pick: (f: (typeof here)[number]) => number[]) =>
      Object.fromEntries(here.map((f) => [f.cell, pick(f)]));
    out[`cls_${s}`] = tensor(
      cells,
      1,
      at((f) => [f.cls]),
    );
    out[`obj_${s}`] = tensor(
      cells,
      1,
      at((f) => [f.obj]),
    );
    out[`bbox_${s}`] = tensor(
      cells,
      4,
      at((f) => f.bbox),
    );
    out[`kps_${s}`] = tensor(
      cells,
      10,
      at((f) => f.kps),
    );
  }
  return out;
}

describe('YuNet decoding', () => {
  // Stride 16, cell 6 = row 1, col 2 (4 columns). Centre ((2 + 0.5)·16, (1 + 0.25)·16) = (40, 20),
  // size (2·16, 3·16) = 32×48 → input box x 24..56, y −4..44 → original x 48..112, y 0 (clamped)..88.
  const kps = [0, 0, 0.5, 0, 0.25, 0.5, 0, 1, 0.5, 1];
  const face = {
    stride: 16,
    cell: 6,
    cls: 0.81,
    obj: 1,
    bbox: [0.5, 0.25, Math.log(2), Math.log(3)],
    kps,
  };
  // The same face seen at stride 8 (row 2, col 5: centre (44, 20)), weaker: suppressed by NMS.
  const echo = {
    stride: 8,
    cell: 21,
    cls: 0.64,
    obj: 1,
    bbox: [0, 0.5, Math.log(4), Math.log(6)],
    kps,
  };

  it('decodes score, box and landmarks from the grid, in original pixels', () => {
    const got = decodeYunet(outputs([face, echo]), YUNET_STRIDES, spec, transform, options);
    expect(got).toHaveLength(1);
    const c = got[0] as KeypointCandidate;
    expect(c.score).toBeCloseTo(0.9, 6); // sqrt(0.81 · 1)
    // exp(log 2) passes through float32: equal to ~1e-7.
    expect(c).toMatchObject({
      kind: 'keypoints',
      classIndex: 0,
      x: expect.closeTo(48, 5),
      y: 0,
      width: expect.closeTo(64, 5),
      height: expect.closeTo(88, 5),
    });
    // Landmark k = ((2, 1) + kps[2k..2k+1])·16 input px, ×2 to original.
    expect(c.keypoints.map((k) => [k.x, k.y])).toEqual([
      [64, 32],
      [80, 32],
      [72, 48],
      [64, 64],
      [80, 64],
    ]);
  });

  it('clamps scores to 0..1 before the geometric mean and applies the threshold', () => {
    const weak = { ...face, cls: 0.3, obj: 1.4 }; // sqrt(0.3 · 1) ≈ 0.55 < 0.6
    expect(decodeYunet(outputs([weak]), YUNET_STRIDES, spec, transform, options)).toEqual([]);
  });

  it('names a missing head', () => {
    const out = outputs([face]);
    delete out.kps_32;
    expect(() => decodeYunet(out, YUNET_STRIDES, spec, transform, options)).toThrow(
      /output "kps_32" is missing/,
    );
    expect(() =>
      decodeYunet(outputs([face]), YUNET_STRIDES, yunetPreprocess(96, 64), transform, options),
    ).toThrow(ModelLayoutError);
  });
});

describe('YuNet bare models', () => {
  const names = YUNET_STRIDES.flatMap((s) => ['cls', 'obj', 'bbox', 'kps'].map((h) => `${h}_${s}`));
  const io = {
    inputs: [{ name: 'input', dims: [1, 3, 'height', 'width'] }],
    outputs: names.map((name) => ({ name, dims: [1, 'anchors', 1] })),
  };

  it('recognises the four heads per stride and defaults to 640×640 BGR 0–255', () => {
    expect(yunetBareModel.recognise(io, {})).toMatch(/YuNet/);
    const m = yunetBareModel.manifest(io, {}, 'face_detection_yunet.onnx');
    expect(m).toMatchObject({
      family: 'yunet',
      classNames: ['face'],
      preprocess: {
        width: 640,
        height: 640,
        channelOrder: 'BGR',
        scale: 1,
        anchor: 'top-left',
        padValue: 0,
      },
    });
    expect(m.keypointNames).toEqual([
      'right_eye',
      'left_eye',
      'nose',
      'right_mouth_corner',
      'left_mouth_corner',
    ]);
  });

  it('ignores other multi-output models', () => {
    expect(yunetBareModel.recognise({ ...io, outputs: io.outputs.slice(1) }, {})).toBeNull();
  });
});
