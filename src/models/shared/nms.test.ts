import { describe, expect, it } from 'vitest';
import type { BoxCandidate } from '../types';
import { iou, nms } from './nms';

function box(
  x: number,
  y: number,
  width: number,
  height: number,
  score: number,
  classIndex = 0,
): BoxCandidate {
  return { kind: 'box', classIndex, score, x, y, width, height };
}

describe('iou', () => {
  it('is 1 for identical boxes, 0 for disjoint or touching ones', () => {
    expect(iou(box(0, 0, 10, 10, 1), box(0, 0, 10, 10, 1))).toBe(1);
    expect(iou(box(0, 0, 10, 10, 1), box(20, 0, 10, 10, 1))).toBe(0);
    expect(iou(box(0, 0, 10, 10, 1), box(10, 0, 10, 10, 1))).toBe(0);
  });

  it('is intersection over union for a half overlap', () => {
    // Overlap 5×10 = 50; union 100 + 100 − 50 = 150.
    expect(iou(box(0, 0, 10, 10, 1), box(5, 0, 10, 10, 1))).toBeCloseTo(1 / 3);
  });
});

describe('nms', () => {
  const a = box(0, 0, 10, 10, 0.9);
  const aShifted = box(1, 0, 10, 10, 0.8); // IoU 90/110 ≈ 0.82 with a
  const far = box(50, 50, 10, 10, 0.7);

  it('drops a lower-scored box overlapping a kept one beyond the threshold', () => {
    expect(nms([aShifted, far, a], 0.5)).toEqual([a, far]);
  });

  it('keeps overlapping boxes when their IoU is under the threshold', () => {
    expect(nms([a, aShifted], 0.9)).toEqual([a, aShifted]);
  });

  it('is class-aware by default and class-agnostic on request', () => {
    const otherClass = { ...aShifted, classIndex: 1 };
    expect(nms([a, otherClass], 0.5)).toEqual([a, otherClass]);
    expect(nms([a, otherClass], 0.5, false)).toEqual([a]);
  });

  it('stops at maxDetections, keeping the best', () => {
    expect(nms([far, a], 0.5, true, 1)).toEqual([a]);
  });

  it('does not suppress through a box that was itself suppressed', () => {
    // IoU(a,b) = 60/140 ≈ 0.43 → b suppressed; IoU(b,c) = 50/150 ≈ 0.33 would
    // suppress c, but IoU(a,c) = 10/190 does not, so greedy NMS keeps c.
    const b = box(4, 0, 10, 10, 0.8);
    const c = box(9, 0, 10, 10, 0.7);
    expect(nms([a, b, c], 0.3)).toEqual([a, c]);
  });
});
