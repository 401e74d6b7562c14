import { describe, expect, it } from 'vitest';
import type { DecodeOptions, LetterboxTransform, ModelManifest, TensorData } from '../../types';
import { ModelLayoutError } from '../../shared/errors';
import { computeTransform } from '../../shared/preprocess';
import { decodeEnd2End, decodeYolov5, resolveLayout } from './decode';
import { ultralyticsFamily } from './family';
import { ultralyticsPreprocess } from '../meta';

const options: DecodeOptions = { confidence: 0.25, iou: 0.5, maxDetections: 100 };

// A 1280×960 photo letterboxed into 640×640: scale 0.5, content 640×480,
// 80 rows of padding above. Input px (x, y) ↔ original ((x)/0.5, (y−80)/0.5).
const transform: LetterboxTransform = computeTransform(1280, 960, ultralyticsPreprocess(640, 640));

function manifest(
  classNames: string[],
  decode: Record<string, unknown> = {},
  task: ModelManifest['task'] = 'detect',
): ModelManifest {
  return {
    id: 't',
    name: 't',
    family: 'ultralytics',
    task,
    file: 't.onnx',
    classNames,
    preprocess: ultralyticsPreprocess(640, 640),
    decode,
    defaults: options,
  };
}

/**
 * [1, 4+nc, N] with the given anchors as columns: [cx, cy, w, h, ...scores],
 * padded with empty anchors to 16 so N > rows as in real heads.
 */
function detectTensor(anchors: number[][], rows: number): TensorData {
  const n = Math.max(16, anchors.length);
  const data = new Float32Array(rows * n);
  anchors.forEach((values, i) => values.forEach((v, r) => (data[r * n + i] = v)));
  return { type: 'float32', data, dims: [1, rows, n] };
}

describe('letterbox transform used here', () => {
  it('is scale 0.5 with 80 px of padding on top', () => {
    expect(transform).toMatchObject({ scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 80 });
  });
});

describe('Ultralytics detect head [1,4+nc,N]', () => {
  // Box centred at input (320, 320), 100×50 → original centre (640, 480), 200×100.
  const person = [320, 320, 100, 50, 0.1, 0.2, 0.9];
  const duplicate = [322, 321, 100, 50, 0.1, 0.2, 0.8]; // same object, lower score
  const sameSpotOtherClass = [320, 320, 100, 50, 0.7, 0.0, 0.0];
  const weak = [100, 200, 20, 20, 0.2, 0.1, 0.1];
  const outputs = { output0: detectTensor([weak, duplicate, person, sameSpotOtherClass], 7) };
  const m = manifest(['a', 'b', 'c']);

  it('returns boxes in original pixels, NMS per class, best first', () => {
    const result = ultralyticsFamily.decode(outputs, transform, m, options);
    expect(result).toHaveLength(2);
    const [first, second] = result;
    expect(first).toMatchObject({ kind: 'box', classIndex: 2 });
    expect(first?.score).toBeCloseTo(0.9, 6);
    expect(first?.x).toBeCloseTo(540);
    expect(first?.y).toBeCloseTo(430);
    expect(first?.width).toBeCloseTo(200);
    expect(first?.height).toBeCloseTo(100);
    expect(second).toMatchObject({ classIndex: 0, x: 540, y: 430 });
    expect(second?.score).toBeCloseTo(0.7, 6);
  });

  it('applies per-class confidence overrides', () => {
    const result = ultralyticsFamily.decode(outputs, transform, m, {
      ...options,
      classConfidence: { 2: 0.95, 0: 0.15 },
    });
    // Class 2 now needs 0.95 (drops both); class 0 needs 0.15 (weak anchor's 0.2 passes).
    expect(result.map((b) => [b.classIndex, Math.round(b.score * 10) / 10])).toEqual([
      [0, 0.7],
      [0, 0.2],
    ]);
  });

  it('clamps boxes to the image and drops those entirely in the padding', () => {
    const overEdge = [620, 100, 80, 80, 0.9, 0, 0]; // x2 = 660 input → 1320 > 1280
    const inPadding = [320, 20, 40, 20, 0.9, 0, 0]; // y from 10 to 30: above the image
    const result = ultralyticsFamily.decode(
      { output0: detectTensor([overEdge, inPadding], 7) },
      transform,
      m,
      options,
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ x: 1160, y: 0, width: 120 });
    // y1 = (60−80)/0.5 → clamped to 0; y2 = (140−80)/0.5 = 120.
    expect(result[0]?.height).toBeCloseTo(120);
  });

  it('keeps at most maxDetections', () => {
    const far = [50, 300, 10, 10, 0, 0, 0.5];
    const result = ultralyticsFamily.decode(
      { output0: detectTensor([far, person], 7) },
      transform,
      m,
      { ...options, maxDetections: 1 },
    );
    expect(result.map((b) => b.score)).toEqual([expect.closeTo(0.9, 6)]);
  });

  it('ignores rows after the classes for segment models (mask coefficients)', () => {
    const withCoefs = detectTensor([[...person, 5, 5]], 9);
    const result = ultralyticsFamily.decode(
      { output0: withCoefs },
      transform,
      manifest(['a', 'b', 'c'], {}, 'segment'),
      options,
    );
    expect(result).toHaveLength(1);
    expect(result[0]?.classIndex).toBe(2);
  });

  it('refuses a detect output whose rows do not match the class list', () => {
    const call = () => ultralyticsFamily.decode(outputs, transform, manifest(['a', 'b']), options);
    expect(call).toThrow(ModelLayoutError);
    expect(call).toThrow(/\[1,7,16\].*\[1,6,N\]/);
  });

  it('infers the class count from the shape when the manifest has no names', () => {
    const result = ultralyticsFamily.decode(outputs, transform, manifest([]), options);
    expect(result.map((b) => b.classIndex)).toEqual([2, 0]);
  });
});

describe('end2end head [1,K,6]', () => {
  const rows = [
    [270, 295, 370, 345, 0.9, 2], // → 540,430 200×100
    [272, 296, 372, 346, 0.85, 2], // overlaps the first: kept, no NMS
    [0, 0, 10, 10, 0.1, 1], // under threshold
  ];
  const tensor: TensorData = {
    type: 'float32',
    data: new Float32Array(rows.flat()),
    dims: [1, 3, 6],
  };

  it('thresholds without NMS and maps to original pixels', () => {
    const result = decodeEnd2End(tensor, 'output0', transform, options);
    expect(result).toHaveLength(2);
    expect(result[0]).toMatchObject({ classIndex: 2, x: 540, y: 430, width: 200, height: 100 });
  });

  it('is chosen by the end2end flag in the manifest', () => {
    const result = ultralyticsFamily.decode(
      { output0: tensor },
      transform,
      manifest([], { end2end: true }),
      options,
    );
    expect(result).toHaveLength(2);
  });
});

describe('YOLOv5 head [1,N,5+nc]', () => {
  it('scores objectness × class and applies NMS', () => {
    const rows = [
      [320, 320, 100, 50, 0.8, 0.1, 0.9], // 0.72 class 1
      [321, 320, 100, 50, 0.7, 0.1, 0.9], // 0.63, same object → suppressed
      [100, 300, 40, 40, 0.2, 0.0, 1.0], // 0.2 < 0.25
    ];
    const tensor: TensorData = {
      type: 'float32',
      data: new Float32Array(rows.flat()),
      dims: [1, 3, 7],
    };
    const result = decodeYolov5(tensor, 'output0', 2, transform, options);
    expect(result).toHaveLength(1);
    expect(result[0]?.score).toBeCloseTo(0.72, 6);
    expect(result[0]).toMatchObject({ classIndex: 1, x: 540, y: 430, width: 200, height: 100 });
  });
});

describe('resolveLayout', () => {
  it('uses the explicit layout, then the end2end flag, then the shape', () => {
    expect(resolveLayout([1, 84, 8400], { layout: 'yolov5' })).toBe('yolov5');
    expect(resolveLayout([1, 84, 8400], { end2end: true })).toBe('end2end');
    expect(resolveLayout([1, 84, 8400], {})).toBe('detect');
    expect(resolveLayout([1, 300, 6], {})).toBe('end2end');
    expect(resolveLayout([1, 25200, 85], {})).toBe('yolov5');
    // A known class count that fits one layout only wins over the row/column heuristic.
    expect(resolveLayout([1, 7, 4], {}, 3)).toBe('detect');
    expect(resolveLayout([1, 5, 8], {}, 3)).toBe('yolov5');
  });
});

describe('ultralyticsFamily.decode errors', () => {
  it('names the expected layouts when no rank-3 output exists', () => {
    const call = () =>
      ultralyticsFamily.decode(
        { logits: { type: 'float32', data: new Float32Array(10), dims: [1, 10] } },
        transform,
        manifest([]),
        options,
      );
    expect(call).toThrow(/logits \[1,10\] — expected \[1,4\+classes,N\]/);
  });

  it('refuses a task it cannot decode', () => {
    expect(() =>
      ultralyticsFamily.decode({}, transform, manifest([], {}, 'classify'), options),
    ).toThrow(/task is "classify"/);
  });
});
