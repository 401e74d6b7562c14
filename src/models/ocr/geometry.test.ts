import { describe, expect, it } from 'vitest';
import { cropQuad, rotateQuad180, squareToQuad, uprightQuad } from './crop';
import { detInputSize } from './det-preprocess';
import { convexHull, growQuad, minAreaRect, quadSize } from './geometry';
import type { Point, Quad } from './types';
import type { RgbaImage } from '../types';

const rect = (x: number, y: number, w: number, h: number): Quad => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

describe('convexHull and minAreaRect', () => {
  it('drops interior points', () => {
    const hull = convexHull([
      [0, 0],
      [4, 0],
      [2, 1],
      [4, 3],
      [0, 3],
      [1, 2],
    ]);
    expect(hull).toHaveLength(4);
  });

  it('finds the rotated rectangle around rotated points', () => {
    const angle = Math.PI / 6;
    const pts: Point[] = [];
    for (const [u, v] of [
      [0, 0],
      [10, 0],
      [10, 4],
      [0, 4],
      [5, 2],
    ]) {
      pts.push([
        u! * Math.cos(angle) - v! * Math.sin(angle),
        u! * Math.sin(angle) + v! * Math.cos(angle),
      ]);
    }
    const r = minAreaRect(pts);
    expect(Math.max(r.width, r.height)).toBeCloseTo(10, 6);
    expect(Math.min(r.width, r.height)).toBeCloseTo(4, 6);
  });
});

describe('growQuad', () => {
  it('moves each side of a rectangle outwards', () => {
    expect(growQuad(rect(10, 20, 30, 10), 2, 3)).toEqual(rect(8, 17, 34, 16));
  });
});

describe('crop', () => {
  it('maps the unit square onto the quad corners', () => {
    const quad: Quad = [
      [10, 10],
      [50, 20],
      [45, 60],
      [5, 40],
    ];
    const map = squareToQuad(quad);
    const corners = [map(0, 0), map(1, 0), map(1, 1), map(0, 1)];
    corners.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(quad[i]![0], 9);
      expect(p[1]).toBeCloseTo(quad[i]![1], 9);
    });
  });

  // 40×20 image: left half red, right half blue.
  const image: RgbaImage = { width: 40, height: 20, data: new Uint8Array(40 * 20 * 4) };
  for (let i = 0; i < 40 * 20; i++) {
    const left = i % 40 < 20;
    image.data.set([left ? 255 : 0, 0, left ? 0 : 255, 255], i * 4);
  }

  it('cuts the region out at the requested size', () => {
    const out = cropQuad(image, rect(10, 0, 20, 20), 20, 10);
    expect([out.width, out.height]).toEqual([20, 10]);
    const px = (x: number, y: number) =>
      Array.from(out.data.slice((y * 20 + x) * 4, (y * 20 + x) * 4 + 3));
    expect(px(2, 5)).toEqual([255, 0, 0]);
    expect(px(17, 5)).toEqual([0, 0, 255]);
  });

  it('reads the region upside down after rotateQuad180', () => {
    const out = cropQuad(image, rotateQuad180(rect(10, 0, 20, 20)), 20, 10);
    const px = (x: number, y: number) =>
      Array.from(out.data.slice((y * 20 + x) * 4, (y * 20 + x) * 4 + 3));
    expect(px(2, 5)).toEqual([0, 0, 255]);
    expect(px(17, 5)).toEqual([255, 0, 0]);
  });

  it('turns tall regions a quarter turn so their long side is horizontal', () => {
    const tall = rect(0, 0, 10, 40);
    const turned = uprightQuad(tall);
    expect(quadSize(turned)).toEqual({ width: 40, height: 10 });
    // Counter-clockwise like np.rot90: the crop's top edge is the region's right side.
    expect(turned[0]).toEqual([10, 0]);
    expect(turned[1]).toEqual([10, 40]);
    expect(uprightQuad(rect(0, 0, 40, 10))).toEqual(rect(0, 0, 40, 10));
  });
});

describe('detInputSize', () => {
  const limits = { limitSideLen: 960, minSideLen: 0, maxUpscale: 4 };
  it('shrinks large images to the side limit, sides multiples of 32', () => {
    // 1920×1080 × 0.5 = 960×540 → 540 snaps to 544.
    expect(detInputSize(1920, 1080, limits)).toEqual({ width: 960, height: 544 });
  });
  it('leaves small images at their size (snapped, at least 32)', () => {
    expect(detInputSize(300, 20, limits)).toEqual({ width: 288, height: 32 });
  });
  it('enlarges small images only when asked, up to the upscale cap', () => {
    // Short side 90 → 736 would be ×8.2; capped at ×4: 1000×360, snapped to 992×352.
    expect(detInputSize(250, 90, { ...limits, minSideLen: 736 })).toEqual({
      width: 992,
      height: 352,
    });
    // Enough when ×2 reaches the minimum.
    expect(detInputSize(400, 368, { ...limits, minSideLen: 736 })).toEqual({
      width: 800,
      height: 736,
    });
  });
});
