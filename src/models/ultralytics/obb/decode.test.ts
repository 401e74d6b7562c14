import { describe, expect, it } from 'vitest';
import { boxesToResults } from '../../../core/mapping/to-results';
import { createIdGenerator } from '../../../core/results/ids';
import { rectangleCorners } from '../../../core/results/rectangle';
import type { BoxCandidate, DecodeOptions, ModelManifest, TensorData } from '../../types';
import { computeTransform } from '../../shared/preprocess';
import { ultralyticsPreprocess } from '../meta';
import { ultralyticsObbBareModel } from './bare';
import { ultralyticsObbFamily } from './family';
import { orientedIou } from '../../shared/oriented-box';

const options: DecodeOptions = { confidence: 0.25, iou: 0.5, maxDetections: 100 };
const spec = ultralyticsPreprocess(640, 640);
// 1280×960 into 640×640: scale 0.5, 80 rows of padding above.
const W = 1280;
const H = 960;
const transform = computeTransform(W, H, spec);
const manifest: ModelManifest = {
  id: 'o',
  name: 'o',
  family: 'ultralytics-obb',
  task: 'obb',
  file: 'o.onnx',
  classNames: ['plane', 'ship'],
  preprocess: spec,
  decode: {},
  defaults: options,
};

const N = 16;
/** [1, 4+2+1, 16]: columns cx, cy, w, h, score plane, score ship, angle (input px, radians). */
function head(anchors: number[][]): TensorData {
  const data = new Float32Array(7 * N);
  anchors.forEach((values, i) => values.forEach((v, r) => (data[r * N + i] = v)));
  return { type: 'float32', data, dims: [1, 7, N] };
}

type Pt = [number, number];

/** Corners of an oriented box in ORIGINAL pixels, computed independently of the code under test. */
function expectedCorners(cx: number, cy: number, w: number, h: number, a: number): Pt[] {
  const ox = (cx - transform.padX) / 0.5;
  const oy = (cy - transform.padY) / 0.5;
  return [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([u, v]) => {
    const du = ((u as number) * w) / 0.5 / 2;
    const dv = ((v as number) * h) / 0.5 / 2;
    return [ox + du * Math.cos(a) - dv * Math.sin(a), oy + du * Math.sin(a) + dv * Math.cos(a)];
  });
}

/** Label Studio rectangle (percent) → its 4 corners in pixels, as the editor computes them. */
function lsCorners(value: Record<string, unknown>): Pt[] {
  const v = value as { x: number; y: number; width: number; height: number; rotation: number };
  return rectangleCorners({
    x: (v.x / 100) * W,
    y: (v.y / 100) * H,
    width: (v.width / 100) * W,
    height: (v.height / 100) * H,
    rotation: v.rotation,
  }).map((p) => [p.x, p.y]);
}

/** Same 4 points, in any order (the editor may anchor the box at another corner). */
function expectSameCorners(got: Pt[], want: Pt[]) {
  const key = (p: Pt) => p[0] * 1e4 + p[1];
  const a = [...got].sort((p, q) => key(p) - key(q));
  const b = [...want].sort((p, q) => key(p) - key(q));
  a.forEach((p, i) => {
    expect(p[0]).toBeCloseTo((b[i] as Pt)[0], 3);
    expect(p[1]).toBeCloseTo((b[i] as Pt)[1], 3);
  });
}

function toResults(boxes: BoxCandidate[]) {
  return boxesToResults(
    boxes,
    manifest.classNames,
    { plane: 'Plane', ship: 'Ship' },
    { fromName: 'label', toName: 'image', hasLabels: true },
    { width: W, height: H },
    createIdGenerator('t0'),
  ).results;
}

describe('Ultralytics -obb decoding', () => {
  it.each([
    ['tilted 0.5 rad', [320, 320, 200, 60, 0.5]],
    ['steep, near the top edge (anchor moves to another corner)', [40, 120, 120, 30, 1.2]],
    ['negative angle', [400, 250, 80, 160, -0.6]],
    ['axis-aligned', [320, 320, 100, 50, 0]],
  ])('%s: the Label Studio rectangle has the oriented box’s corners', (_name, box) => {
    const [cx, cy, w, h, a] = box as [number, number, number, number, number];
    const boxes = ultralyticsObbFamily.decode(
      { output0: head([[cx, cy, w, h, 0.1, 0.9, a]]) },
      transform,
      manifest,
      options,
    ) as BoxCandidate[];
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ kind: 'box', classIndex: 1 });
    const [result] = toResults(boxes);
    expect(result?.value.rectanglelabels).toEqual(['Ship']);
    expectSameCorners(lsCorners(result?.value ?? {}), expectedCorners(cx, cy, w, h, a));
  });

  it('suppresses a rotated duplicate but keeps a crossing bar (rotated IoU, not bounding boxes)', () => {
    const bar = [320, 320, 200, 20, 0.9, 0, Math.PI / 4];
    const duplicate = [322, 320, 200, 20, 0.8, 0, Math.PI / 4 + 0.02];
    // Same centre, turned 90°: the bounding boxes coincide (IoU 1), the bars overlap 20×20 only.
    const crossing = [320, 320, 200, 20, 0.7, 0, -Math.PI / 4];
    const boxes = ultralyticsObbFamily.decode(
      { output0: head([bar, duplicate, crossing]) },
      transform,
      manifest,
      options,
    );
    expect(boxes.map((b) => Math.round(b.score * 10) / 10)).toEqual([0.9, 0.7]);
  });

  it('computes exact rotated IoU', () => {
    const sq = { cx: 0, cy: 0, w: 2, h: 2, angle: 0 };
    expect(orientedIou(sq, sq)).toBeCloseTo(1, 9);
    // Shifted by half its width: overlap 1×2 = 2, union 6.
    expect(orientedIou(sq, { ...sq, cx: 1 })).toBeCloseTo(1 / 3, 9);
    // The same square turned 90° is itself.
    expect(orientedIou(sq, { ...sq, angle: Math.PI / 2 })).toBeCloseTo(1, 9);
    // Two 100×10 bars crossing at right angles: overlap 10×10, union 1900.
    const bar = { cx: 5, cy: 5, w: 100, h: 10, angle: 0.3 };
    expect(orientedIou(bar, { ...bar, angle: 0.3 + Math.PI / 2 })).toBeCloseTo(100 / 1900, 9);
    // The square and itself turned 45°: a regular octagon of area 8(√2 − 1).
    const octagon = 8 * (Math.SQRT2 - 1);
    expect(orientedIou(sq, { ...sq, angle: Math.PI / 4 })).toBeCloseTo(octagon / (8 - octagon), 9);
  });

  it('is chosen for Ultralytics metadata with task obb', () => {
    const io = {
      inputs: [{ name: 'images', dims: [1, 3, 1024, 1024] }],
      outputs: [{ name: 'output0', dims: [1, 20, 21504] }],
    };
    const meta = { author: 'Ultralytics', task: 'obb', names: "{0: 'plane', 1: 'ship'}" };
    expect(ultralyticsObbBareModel.recognise(io, meta)).toMatch(/task obb/);
    expect(ultralyticsObbBareModel.manifest(io, meta, 'yolo11n-obb.onnx')).toMatchObject({
      family: 'ultralytics-obb',
      task: 'obb',
      classNames: ['plane', 'ship'],
      preprocess: { width: 1024, resize: 'letterbox' },
    });
  });
});
