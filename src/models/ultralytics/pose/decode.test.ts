import { describe, expect, it } from 'vitest';
import type { DecodeOptions, ModelManifest, TensorData } from '../../types';
import { ModelLayoutError } from '../../shared/errors';
import { computeTransform } from '../../shared/preprocess';
import { ultralyticsPreprocess } from '../meta';
import { ultralyticsPoseBareModel } from './bare';
import { resolvePoseLayout, ultralyticsPoseFamily } from './family';
import { COCO17_KEYPOINT_NAMES } from './meta';

const options: DecodeOptions = { confidence: 0.25, iou: 0.5, maxDetections: 100 };
const spec = ultralyticsPreprocess(64, 64);
// 128×128 photo into 64×64: scale 0.5, no padding: original = 2 × input.
const transform = computeTransform(128, 128, spec);

function manifest(extra: Partial<ModelManifest> = {}): ModelManifest {
  return {
    id: 'p',
    name: 'p',
    family: 'ultralytics-pose',
    task: 'pose',
    file: 'p.onnx',
    classNames: ['person'],
    preprocess: spec,
    decode: {},
    defaults: options,
    ...extra,
  };
}

const N = 16;
/** [1, rows, 16] with the given anchors as columns. */
function head(rows: number, anchors: number[][]): TensorData {
  const data = new Float32Array(rows * N);
  anchors.forEach((values, i) => values.forEach((v, r) => (data[r * N + i] = v)));
  return { type: 'float32', data, dims: [1, rows, N] };
}

/** Keypoint j at input (10 + j, 20 + j), visible (0.9) when j is even, hidden (0.1) when odd. */
const keypoints17 = Array.from({ length: 17 }, (_, j) => [
  10 + j,
  20 + j,
  j % 2 ? 0.1 : 0.9,
]).flat();

describe('Ultralytics -pose decoding', () => {
  const rows = 4 + 1 + 17 * 3;
  const person = [32, 32, 20, 40, 0.8, ...keypoints17];
  const duplicate = [33, 32, 20, 40, 0.7, ...keypoints17];

  it('gives each kept box its 17 keypoints in original pixels with their visibility', () => {
    const out = ultralyticsPoseFamily.decode(
      { output0: head(rows, [person, duplicate]) },
      transform,
      manifest({ keypointNames: [...COCO17_KEYPOINT_NAMES] }),
      options,
    );
    expect(out).toHaveLength(1);
    const [c] = out;
    if (c?.kind !== 'keypoints') throw new Error('expected keypoints');
    // Input box 22..42 × 12..52 → original 44..84 × 24..104.
    expect(c).toMatchObject({ classIndex: 0, x: 44, y: 24, width: 40, height: 80 });
    expect(c.keypoints).toHaveLength(17);
    c.keypoints.forEach((k, j) => {
      expect(k.x).toBeCloseTo(2 * (10 + j), 5);
      expect(k.y).toBeCloseTo(2 * (20 + j), 5);
      expect(k.score).toBeCloseTo(j % 2 ? 0.1 : 0.9, 6);
    });
  });

  it('reads x, y pairs (no visibility) as fully visible', () => {
    const pairs = [32, 32, 20, 40, 0.8, 1, 2, 3, 4];
    const m = manifest({ decode: { keypointShape: [2, 2] } });
    const [c] = ultralyticsPoseFamily.decode({ output0: head(9, [pairs]) }, transform, m, options);
    if (c?.kind !== 'keypoints') throw new Error('expected keypoints');
    expect(c.keypoints).toEqual([
      { x: 2, y: 4, score: 1 },
      { x: 6, y: 8, score: 1 },
    ]);
  });

  it('finds the keypoint count from the manifest or from the row count', () => {
    expect(resolvePoseLayout([1, 56, 8400], manifest())).toEqual({
      classCount: 1,
      keypointCount: 17,
      valuesPerKeypoint: 3,
    });
    expect(resolvePoseLayout([1, 56, 8400], manifest({ keypointNames: ['a', 'b'] }))).toMatchObject(
      {
        keypointCount: 2,
      },
    );
    expect(() => resolvePoseLayout([1, 57, 8400], manifest())).toThrow(ModelLayoutError);
  });

  it('builds its manifest from Ultralytics metadata (kpt_shape, COCO keypoint names)', () => {
    const io = {
      inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
      outputs: [{ name: 'output0', dims: [1, 56, 8400] }],
    };
    const meta = {
      author: 'Ultralytics',
      task: 'pose',
      names: "{0: 'person'}",
      kpt_shape: '[17, 3]',
    };
    expect(ultralyticsPoseBareModel.recognise(io, meta)).toMatch(/task pose/);
    expect(ultralyticsPoseBareModel.recognise(io, { ...meta, task: 'detect' })).toBeNull();
    const m = ultralyticsPoseBareModel.manifest(io, meta, 'yolo11n-pose.onnx');
    expect(m).toMatchObject({
      family: 'ultralytics-pose',
      task: 'pose',
      classNames: ['person'],
      decode: { keypointShape: [17, 3] },
    });
    expect(m.keypointNames?.[0]).toBe('nose');
    expect(m.keypointNames).toHaveLength(17);
  });
});
