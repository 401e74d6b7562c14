import { describe, expect, it } from 'vitest';
import { dbPostprocess, unclipOffset } from './db-postprocess';
import { PPOCR_V4_SETTINGS } from './meta';
import type { DetectedQuad } from './types';

const options = PPOCR_V4_SETTINGS.det;
const MAP_W = 100;
const MAP_H = 60;

function map(fill: (x: number, y: number) => number): Float32Array {
  const data = new Float32Array(MAP_W * MAP_H);
  for (let y = 0; y < MAP_H; y++) for (let x = 0; x < MAP_W; x++) data[y * MAP_W + x] = fill(x, y);
  return data;
}

const inRect = (x: number, y: number, x0: number, x1: number, y0: number, y1: number) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1;

const bounds = (d: DetectedQuad) => {
  const xs = d.quad.map((p) => p[0]);
  const ys = d.quad.map((p) => p[1]);
  return {
    left: Math.min(...xs),
    right: Math.max(...xs),
    top: Math.min(...ys),
    bottom: Math.max(...ys),
  };
};

describe('dbPostprocess', () => {
  it('returns each text blob where it was, grown by the unclip offset and scaled to the image', () => {
    // Two kernels: pixels 10..49 × 5..14 (p 0.9) and 60..89 × 30..49 (p 0.8).
    const data = map((x, y) =>
      inRect(x, y, 10, 49, 5, 14) ? 0.9 : inRect(x, y, 60, 89, 30, 49) ? 0.8 : 0.02,
    );
    // The image is twice the map size.
    const found = dbPostprocess({ data, width: MAP_W, height: MAP_H }, 200, 120, options);
    expect(found).toHaveLength(2);
    const [a, b] = [...found].sort((p, q) => bounds(p).left - bounds(q).left);

    // Rectangles through the pixel centres are 39×9 and 29×19 map px; DB grows
    // them by D = area·ratio / perimeter on every side.
    const dA = (39 * 9 * 1.5) / (2 * (39 + 9));
    expect(unclipOffset(39, 9, 1.5)).toBeCloseTo(dA, 9);
    const ba = bounds(a!);
    expect(ba.left).toBeCloseTo((10.5 - dA) * 2, 6);
    expect(ba.right).toBeCloseTo((49.5 + dA) * 2, 6);
    expect(ba.top).toBeCloseTo((5.5 - dA) * 2, 6);
    expect(ba.bottom).toBeCloseTo((14.5 + dA) * 2, 6);
    expect(a!.score).toBeCloseTo(0.9, 5);

    const dB = (29 * 19 * 1.5) / (2 * (29 + 19));
    const bb = bounds(b!);
    expect(bb.left).toBeCloseTo((60.5 - dB) * 2, 6);
    expect(bb.right).toBeCloseTo((89.5 + dB) * 2, 6);
    expect(bb.top).toBeCloseTo((30.5 - dB) * 2, 6);
    expect(bb.bottom).toBeCloseTo((49.5 + dB) * 2, 6);
    expect(b!.score).toBeCloseTo(0.8, 5);

    // Straight bars are read through their quads.
    expect(a!.strip).toBeUndefined();
    expect(b!.strip).toBeUndefined();

    // Corners clockwise from the top-left.
    expect(a!.quad[0]).toEqual([ba.left, ba.top]);
    expect(a!.quad[2]).toEqual([ba.right, ba.bottom]);
  });

  it('drops faint blobs (below box_thresh) and specks (below min size)', () => {
    const data = map((x, y) =>
      inRect(x, y, 10, 60, 10, 30) ? 0.4 : inRect(x, y, 80, 81, 50, 51) ? 0.95 : 0,
    );
    expect(dbPostprocess({ data, width: MAP_W, height: MAP_H }, MAP_W, MAP_H, options)).toEqual([]);
  });

  it('clamps boxes grown past the image edge', () => {
    const data = map((x, y) => (inRect(x, y, 0, 30, 0, 10) ? 0.9 : 0));
    const [only] = dbPostprocess({ data, width: MAP_W, height: MAP_H }, MAP_W, MAP_H, options);
    expect(bounds(only!).left).toBe(0);
    expect(bounds(only!).top).toBe(0);
  });

  it('fits a tilted line with a tilted quad', () => {
    // A 60×8 bar rotated by 20° about (50, 30).
    const angle = (20 * Math.PI) / 180;
    const data = map((x, y) => {
      const dx = x + 0.5 - 50;
      const dy = y + 0.5 - 30;
      const u = dx * Math.cos(angle) + dy * Math.sin(angle);
      const v = -dx * Math.sin(angle) + dy * Math.cos(angle);
      return Math.abs(u) <= 30 && Math.abs(v) <= 4 ? 0.9 : 0;
    });
    const [only] = dbPostprocess({ data, width: MAP_W, height: MAP_H }, MAP_W, MAP_H, options);
    const [p0, p1] = only!.quad;
    const topEdgeAngle = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
    expect(topEdgeAngle).toBeGreaterThan(17);
    expect(topEdgeAngle).toBeLessThan(23);
  });

  it('follows a bent line with a strip scored on its own pixels', () => {
    // A 6 px thick line along a parabola sagging 8 px between x = 5 and 94,
    // with weaker pixels (0.5) only at its ends: its rectangle is mostly
    // background, so box_score_fast would fall below box_thresh.
    const centre = (x: number) => 20 + 8 * (1 - ((x - 49.5) / 44.5) ** 2);
    const data = map((x, y) =>
      x >= 5 && x <= 94 && Math.abs(y + 0.5 - centre(x)) <= 3 ? (x < 8 ? 0.5 : 0.9) : 0,
    );
    const [only, ...rest] = dbPostprocess(
      { data, width: MAP_W, height: MAP_H },
      MAP_W * 2,
      MAP_H * 2,
      options,
    );
    expect(rest).toEqual([]);
    const strip = only!.strip!;
    expect(strip).toBeDefined();
    // Scored on the blob: between 0.5 and 0.9, near 0.9.
    expect(only!.score).toBeGreaterThan(0.85);
    expect(only!.score).toBeLessThan(0.9);
    // Every cross-section is centred on the line (image px = 2 × map px) and
    // spans the same height; the ends reach past the blob.
    strip.top.forEach((top, k) => {
      const bottom = strip.bottom[k]!;
      expect(top[0]).toBe(bottom[0]);
      const x = Math.min(94, Math.max(5, top[0] / 2));
      expect(Math.abs((top[1] + bottom[1]) / 4 - centre(x))).toBeLessThan(1.5);
      expect(bottom[1] - top[1]).toBeCloseTo(strip.bottom[0]![1] - strip.top[0]![1], 6);
    });
    expect(strip.top[0]![0]).toBeLessThan(10);
    expect(strip.top[strip.top.length - 1]![0]).toBeGreaterThan(190);
    // The region's quad holds the whole strip.
    const b = bounds(only!);
    for (const [x, y] of [...strip.top, ...strip.bottom]) {
      expect(x).toBeGreaterThanOrEqual(b.left - 1e-6);
      expect(x).toBeLessThanOrEqual(b.right + 1e-6);
      expect(y).toBeGreaterThanOrEqual(b.top - 1e-6);
      expect(y).toBeLessThanOrEqual(b.bottom + 1e-6);
    }
  });
});
