import { describe, expect, it } from 'vitest';
import type { DecodeOptions, ModelManifest, TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import { computeTransform } from '../shared/preprocess';
import { yoloxFamily } from './family';
import { YOLOX_DEFAULTS, yoloxPreprocess } from './meta';

const options: DecodeOptions = { confidence: 0.3, iou: 0.45, maxDetections: 100 };
const NC = 2;
// 64×64 input, strides 8/16/32 → 8×8 + 4×4 + 2×2 = 84 anchors.
const ANCHORS = 84;

const manifest: ModelManifest = {
  id: 'x',
  name: 'x',
  family: 'yolox',
  task: 'detect',
  file: 'x.onnx',
  classNames: ['a', 'b'],
  preprocess: yoloxPreprocess(64, 64),
  decode: { strides: [8, 16, 32] },
  defaults: YOLOX_DEFAULTS,
};

function head(rows: Record<number, number[]>): TensorData {
  const cols = 5 + NC;
  const data = new Float32Array(ANCHORS * cols);
  for (const [i, values] of Object.entries(rows)) data.set(values, Number(i) * cols);
  return { type: 'float32', data, dims: [1, ANCHORS, cols] };
}

// A 128×96 image letterboxed top-left into 64×64: scale 0.5, content 64×48, no offset.
const transform = computeTransform(128, 96, yoloxPreprocess(64, 64));

describe('YOLOX grid decode', () => {
  it('uses a top-left letterbox with no offset', () => {
    expect(transform).toMatchObject({ scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 0 });
  });

  it('decodes cx=(x+gx)·s, w=exp(w)·s, score=obj·cls into original pixels', () => {
    // Stride-16 level starts at anchor 64; cell (gx=1, gy=2) in a 4-wide grid → 64 + 2·4 + 1 = 73.
    // cx=(0.5+1)·16=24, cy=(0.5+2)·16=40, w=2·16=32, h=1·16=16 → input box 8,32 – 40,48
    // → original (÷0.5) 16,64 size 64×32.
    const outputs = { output: head({ 73: [0.5, 0.5, Math.log(2), 0, 0.8, 0.1, 0.9] }) };
    const [box, ...rest] = yoloxFamily.decode(outputs, transform, manifest, options);
    expect(rest).toHaveLength(0);
    expect(box?.classIndex).toBe(1);
    expect(box?.score).toBeCloseTo(0.72, 6);
    expect(box?.x).toBeCloseTo(16, 4);
    expect(box?.y).toBeCloseTo(64, 4);
    expect(box?.width).toBeCloseTo(64, 4);
    expect(box?.height).toBeCloseTo(32, 4);
  });

  it('places the first stride-8 and last stride-32 cells correctly', () => {
    // Anchor 0: stride 8, cell (0,0), x=y=0.5 → centre (4,4), size 8 → input 0..8 → original 0..16.
    // Anchor 83: stride 32, cell (1,1) → centre (48,48), size 32 → input 32..64 → original 64..128,
    // which the 96-px-high image clamps to 64..96.
    const outputs = {
      output: head({
        0: [0.5, 0.5, 0, 0, 0.9, 0.9, 0],
        83: [0.5, 0.5, 0, 0, 0.9, 0, 0.8],
      }),
    };
    const boxes = yoloxFamily.decode(outputs, transform, manifest, options);
    expect(boxes.map((b) => [b.classIndex, b.x, b.y, b.width, b.height])).toEqual([
      [0, 0, 0, 16, 16],
      [1, 64, 64, 64, 32],
    ]);
  });

  it('suppresses duplicates and drops low objectness', () => {
    const outputs = {
      output: head({
        73: [0.5, 0.5, Math.log(2), 0, 0.8, 0.1, 0.9],
        74: [-0.5, 0.5, Math.log(2), 0, 0.7, 0.1, 0.9], // same box from the next cell
        10: [0.5, 0.5, 0, 0, 0.2, 1, 0], // obj·cls 0.2 < 0.3
      }),
    };
    expect(yoloxFamily.decode(outputs, transform, manifest, options)).toHaveLength(1);
  });

  it('refuses a head whose anchor count does not match the input grid', () => {
    const wrong: TensorData = { type: 'float32', data: new Float32Array(80 * 7), dims: [1, 80, 7] };
    const call = () => yoloxFamily.decode({ output: wrong }, transform, manifest, options);
    expect(call).toThrow(ModelLayoutError);
    expect(call).toThrow(/\[1,80,7\] — expected \[1,84,7\] for a 64×64 input/);
  });

  it('skips the grid for exports that already decode boxes', () => {
    const outputs = { output: head({ 5: [24, 40, 32, 16, 0.9, 0, 0.9] }) };
    const [box] = yoloxFamily.decode(
      outputs,
      transform,
      { ...manifest, decode: { decoded: true } },
      options,
    );
    expect(box).toMatchObject({ x: 16, y: 64, width: 64, height: 32 });
  });
});
