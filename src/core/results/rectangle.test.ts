import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PixelRectangle } from './rectangle';
import { orientedBoxToRectangle, rectangleCorners, rectangleResult } from './rectangle';

const ctl = { fromName: 'label', toName: 'image', id: 'r1' };

describe('rectangleResult', () => {
  it('converts pixels to percent of the original size', () => {
    const r = rectangleResult({
      ...ctl,
      labels: ['Car'],
      box: { x: 64, y: 48, width: 320, height: 240 },
      imageWidth: 640,
      imageHeight: 480,
      score: 0.91,
    });
    expect(r).toEqual({
      id: 'r1',
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 480,
      image_rotation: 0,
      score: 0.91,
      value: { x: 10, y: 10, width: 50, height: 50, rotation: 0, rectanglelabels: ['Car'] },
    });
  });

  it('uses type "rectangle" without labels and omits non-finite scores', () => {
    const r = rectangleResult({
      ...ctl,
      box: { x: 0, y: 0, width: 10, height: 10 },
      imageWidth: 100,
      imageHeight: 50,
      score: NaN,
    });
    expect(r?.type).toBe('rectangle');
    expect(r?.value).not.toHaveProperty('rectanglelabels');
    expect(r).not.toHaveProperty('score');
    expect(r?.value.height).toBe(20);
  });

  it('clips boxes partly outside the image', () => {
    const r = rectangleResult({
      ...ctl,
      box: { x: -20, y: 30, width: 60, height: 100 },
      imageWidth: 200,
      imageHeight: 100,
    });
    // visible part: x 0..40, y 30..100
    expect(r?.value).toMatchObject({ x: 0, y: 30, width: 20, height: 70 });
  });

  it('returns null for boxes with no area inside the image', () => {
    const base = { ...ctl, imageWidth: 100, imageHeight: 100 };
    expect(rectangleResult({ ...base, box: { x: 100, y: 10, width: 5, height: 5 } })).toBeNull();
    expect(rectangleResult({ ...base, box: { x: -10, y: 10, width: 10, height: 5 } })).toBeNull();
    expect(rectangleResult({ ...base, box: { x: 10, y: 10, width: 0, height: 5 } })).toBeNull();
    expect(rectangleResult({ ...base, box: { x: NaN, y: 10, width: 5, height: 5 } })).toBeNull();
  });

  it('rejects invalid image sizes', () => {
    expect(() =>
      rectangleResult({
        ...ctl,
        box: { x: 0, y: 0, width: 1, height: 1 },
        imageWidth: 0,
        imageHeight: 5,
      }),
    ).toThrow(RangeError);
  });

  it('keeps x,y,width,height in 0..100 with x+width, y+height ≤ 100 (property)', () => {
    const eps = 1e-9;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: 1, max: 10000 }),
        fc.double({ min: -20000, max: 20000, noNaN: true }),
        fc.double({ min: -20000, max: 20000, noNaN: true }),
        fc.double({ min: 0, max: 30000, noNaN: true }),
        fc.double({ min: 0, max: 30000, noNaN: true }),
        (W, H, x, y, w, h) => {
          const r = rectangleResult({
            ...ctl,
            box: { x, y, width: w, height: h },
            imageWidth: W,
            imageHeight: H,
          });
          if (!r) return;
          const v = r.value as Record<string, number>;
          for (const k of ['x', 'y', 'width', 'height'] as const) {
            expect(v[k]).toBeGreaterThanOrEqual(0);
            expect(v[k]).toBeLessThanOrEqual(100 + eps);
          }
          expect(v.width).toBeGreaterThan(0);
          expect(v.height).toBeGreaterThan(0);
          expect((v.x as number) + (v.width as number)).toBeLessThanOrEqual(100 + eps);
          expect((v.y as number) + (v.height as number)).toBeLessThanOrEqual(100 + eps);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('rotation', () => {
  // Corners of an oriented box computed independently: centre ± half-axes.
  function obbCorners(cx: number, cy: number, w: number, h: number, a: number) {
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    const vx = -Math.sin(a);
    const vy = Math.cos(a);
    const pts: [number, number][] = [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [w / 2, h / 2],
      [-w / 2, h / 2],
    ];
    return pts.map(([s, t]) => ({ x: cx + s * ux + t * vx, y: cy + s * uy + t * vy }));
  }

  it('rectangleCorners follows the LS convention: clockwise on screen about the top-left', () => {
    const c = rectangleCorners({ x: 10, y: 20, width: 100, height: 50, rotation: 90 });
    // +90° turns the width axis from +x to +y (downwards on screen).
    expect(c[1].x).toBeCloseTo(10);
    expect(c[1].y).toBeCloseTo(120);
    expect(c[3].x).toBeCloseTo(-40);
    expect(c[3].y).toBeCloseTo(20);
  });

  it('orientedBoxToRectangle reproduces the oriented box corners (round trip)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 0.5, max: 400, noNaN: true }),
        fc.double({ min: 0.5, max: 400, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (cx, cy, w, h, a) => {
          const rect = orientedBoxToRectangle(cx, cy, w, h, a);
          expect(rect.rotation).toBeGreaterThanOrEqual(0);
          expect(rect.rotation).toBeLessThan(360);
          const got = rectangleCorners(rect);
          const want = obbCorners(cx, cy, w, h, a);
          got.forEach((p, i) => {
            expect(p.x).toBeCloseTo((want[i] as { x: number }).x, 6);
            expect(p.y).toBeCloseTo((want[i] as { y: number }).y, 6);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('axis-aligned boxes come back unchanged at angle 0', () => {
    expect(orientedBoxToRectangle(50, 40, 20, 10, 0)).toEqual({
      x: 40,
      y: 35,
      width: 20,
      height: 10,
      rotation: 0,
    });
  });

  it('rotated results keep the box shape in pixel space on a non-square image', () => {
    const W = 1000;
    const H = 250;
    const rect = orientedBoxToRectangle(500, 125, 200, 60, Math.PI / 6);
    const r = rectangleResult({
      ...ctl,
      box: rect,
      rotation: rect.rotation,
      imageWidth: W,
      imageHeight: H,
    });
    const v = r?.value as Record<string, number>;
    const back: PixelRectangle = {
      x: ((v.x as number) / 100) * W,
      y: ((v.y as number) / 100) * H,
      width: ((v.width as number) / 100) * W,
      height: ((v.height as number) / 100) * H,
      rotation: v.rotation as number,
    };
    const got = rectangleCorners(back);
    const want = obbCorners(500, 125, 200, 60, Math.PI / 6);
    got.forEach((p, i) => {
      expect(p.x).toBeCloseTo((want[i] as { x: number }).x, 6);
      expect(p.y).toBeCloseTo((want[i] as { y: number }).y, 6);
    });
  });

  it('re-anchors a rotated box whose top-left lies outside the image, without moving it', () => {
    // Box rotated 180°: its anchor is the bottom-right-most corner; place it so the anchor
    // falls outside the image while the box is inside.
    const rect = { x: 110, y: 60, width: 50, height: 30, rotation: 180 };
    const r = rectangleResult({
      ...ctl,
      box: rect,
      rotation: 180,
      imageWidth: 100,
      imageHeight: 100,
    });
    const v = r?.value as Record<string, number>;
    expect(v.x).toBeGreaterThanOrEqual(0);
    expect(v.x).toBeLessThanOrEqual(100);
    const back = {
      x: v.x as number,
      y: v.y as number,
      width: v.width as number,
      height: v.height as number,
      rotation: v.rotation as number,
    };
    const key = (p: { x: number; y: number }) => `${p.x.toFixed(6)},${p.y.toFixed(6)}`;
    const same = (a: { x: number; y: number }[]) => a.map(key).sort();
    expect(same(rectangleCorners(back))).toEqual(same(rectangleCorners(rect)));
  });

  it('drops rotated boxes entirely outside the image', () => {
    const r = rectangleResult({
      ...ctl,
      box: { x: 500, y: 500, width: 10, height: 10 },
      rotation: 30,
      imageWidth: 100,
      imageHeight: 100,
    });
    expect(r).toBeNull();
  });
});
