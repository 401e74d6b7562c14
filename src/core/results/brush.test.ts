import { decode, encode } from '@thi.ng/rle-pack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryMask, MaskPlacement } from './brush';
import { brushResult, decodeRle, encodeMaskRle, encodeRgbaRle } from './brush';

const ctl = { fromName: 'tag', toName: 'image', id: 'b1' };

/**
 * Reference rasteriser, written per pixel on purpose: the full-size RGBA buffer the fact
 * sheet describes (R=G=B=A=255 on mask pixels), nearest neighbour by pixel centre.
 */
function referenceRgba(
  mask: BinaryMask,
  W: number,
  H: number,
  placement?: MaskPlacement,
): Uint8Array {
  const bx = placement ? Math.round(placement.x) : 0;
  const by = placement ? Math.round(placement.y) : 0;
  const bw = placement ? Math.round(placement.width ?? mask.width) : W;
  const bh = placement ? Math.round(placement.height ?? mask.height) : H;
  const rgba = new Uint8Array(W * H * 4);
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      const u = X - bx;
      const v = Y - by;
      if (u < 0 || v < 0 || u >= bw || v >= bh) continue;
      const sx = Math.min(mask.width - 1, Math.floor(((u + 0.5) * mask.width) / bw));
      const sy = Math.min(mask.height - 1, Math.floor(((v + 0.5) * mask.height) / bh));
      const m = mask.data[sy * mask.width + sx] as number;
      const on = mask.data instanceof Float32Array ? m > 0.5 : m !== 0;
      if (on) rgba.fill(255, (Y * W + X) * 4, (Y * W + X) * 4 + 4);
    }
  }
  return rgba;
}

describe('fact sheet §4 test vectors (@thi.ng/rle-pack as installed)', () => {
  const input = [1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 4, 4, 4, 4, 4, 4, 4, 4];

  it("rle-pack's encode of vector 1 gives the documented bytes", () => {
    expect(encodeRgbaRle(Uint8Array.from(input))).toEqual([
      0, 0, 0, 18, 57, 27, 252, 96, 34, 129, 1, 130, 131, 3, 132, 78, 8,
    ]);
  });

  it("both the converter's and rle-pack's bytes decode back to vector 1", () => {
    const converter = [
      0, 0, 0, 18, 57, 27, 252, 96, 32, 1, 0, 6, 0, 40, 0, 192, 3, 128, 17, 56, 32,
    ];
    const rlePack = [0, 0, 0, 18, 57, 27, 252, 96, 34, 129, 1, 130, 131, 3, 132, 78, 8];
    expect(Array.from(decodeRle(converter))).toEqual(input);
    expect(Array.from(decodeRle(rlePack))).toEqual(input);
  });

  it('the 2×3 mask gives the documented bytes from both encoders and decodes as documented', () => {
    const expected = [0, 0, 0, 24, 57, 27, 252, 96, 19, 255, 206, 1, 31, 248];
    const mask = { width: 3, height: 2, data: Uint8Array.from([0, 255, 255, 0, 0, 255]) };
    const r = brushResult({ ...ctl, labels: ['Cat'], mask, imageWidth: 3, imageHeight: 2 });
    expect(r?.value).toEqual({ format: 'rle', rle: expected, brushlabels: ['Cat'] });
    const rgba = Uint8Array.from([0, 255, 255, 0, 0, 255].flatMap((v) => [v, v, v, v]));
    expect(encodeRgbaRle(rgba)).toEqual(expected);
    expect(Array.from(decodeRle(expected))).toEqual([
      ...Array<number>(4).fill(0),
      ...Array<number>(8).fill(255),
      ...Array<number>(8).fill(0),
      ...Array<number>(4).fill(255),
    ]);
  });
});

describe('brushResult', () => {
  it('emits a full image-sized result with original size fields', () => {
    const mask = { width: 2, height: 2, data: Uint8Array.from([1, 0, 0, 0]) };
    const r = brushResult({ ...ctl, mask, imageWidth: 40, imageHeight: 30, score: 0.5 });
    expect(r).toMatchObject({
      type: 'brush',
      original_width: 40,
      original_height: 30,
      image_rotation: 0,
      score: 0.5,
    });
    expect(r?.value).not.toHaveProperty('brushlabels');
    const rgba = decodeRle(r?.value.rle as number[]);
    expect(rgba.length).toBe(40 * 30 * 4);
  });

  it('returns null for an empty mask or a mask placed outside the image', () => {
    const empty = { width: 4, height: 4, data: new Float32Array(16).fill(0.4) };
    expect(brushResult({ ...ctl, mask: empty, imageWidth: 10, imageHeight: 10 })).toBeNull();
    const full = { width: 2, height: 2, data: new Uint8Array(4).fill(1) };
    const outside = { x: 50, y: 0 };
    expect(
      brushResult({ ...ctl, mask: full, placement: outside, imageWidth: 10, imageHeight: 10 }),
    ).toBeNull();
  });

  it('rejects mask data of the wrong length', () => {
    const bad = { width: 3, height: 3, data: new Uint8Array(8) };
    expect(() => brushResult({ ...ctl, mask: bad, imageWidth: 9, imageHeight: 9 })).toThrow(
      RangeError,
    );
  });

  it('up-samples a real-ish mask to another size: decoded RGBA has alpha 255 exactly on mask pixels', () => {
    // A filled ellipse plus a hole, as a segmentation model's low-res output (float probs).
    const mw = 160;
    const mh = 120;
    const data = new Float32Array(mw * mh);
    for (let y = 0; y < mh; y++) {
      for (let x = 0; x < mw; x++) {
        const e = ((x - 80) / 60) ** 2 + ((y - 60) / 40) ** 2;
        const hole = (x - 90) ** 2 + (y - 55) ** 2 < 100;
        data[y * mw + x] = e < 1 && !hole ? 0.9 : 0.1;
      }
    }
    const mask = { width: mw, height: mh, data };
    const W = 1001;
    const H = 751;
    const r = brushResult({ ...ctl, labels: ['Cat'], mask, imageWidth: W, imageHeight: H });
    const rgba = decodeRle(r?.value.rle as number[]);
    expect(rgba.length).toBe(W * H * 4);
    const want = referenceRgba(mask, W, H);
    let onPixels = 0;
    let mismatches = 0;
    for (let p = 0; p < W * H; p++) {
      const a = rgba[p * 4 + 3];
      const wantOn = want[p * 4 + 3] === 255;
      if (wantOn) onPixels++;
      if (a !== (wantOn ? 255 : 0)) mismatches++;
      if (rgba[p * 4] !== a || rgba[p * 4 + 1] !== a || rgba[p * 4 + 2] !== a) mismatches++;
    }
    expect(mismatches).toBe(0);
    // the ellipse covers ~π·60·40 of 160·120 source pixels, minus the hole
    expect(onPixels / (W * H)).toBeGreaterThan(0.35);
    expect(onPixels / (W * H)).toBeLessThan(0.45);
  });

  it('places a cropped mask inside the image at its box', () => {
    const mask = { width: 2, height: 2, data: Uint8Array.from([1, 1, 1, 1]) };
    const r = brushResult({
      ...ctl,
      mask,
      placement: { x: 3, y: 1, width: 4, height: 2 },
      imageWidth: 10,
      imageHeight: 5,
    });
    const alpha = Array.from(decodeRle(r?.value.rle as number[])).filter((_, i) => i % 4 === 3);
    const on = alpha.flatMap((a, i) => (a === 255 ? [[i % 10, Math.floor(i / 10)]] : []));
    expect(on).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
      [3, 2],
      [4, 2],
      [5, 2],
      [6, 2],
    ]);
  });
});

describe('run-based encoder equals rle-pack encode(rgba, rgba.length)', () => {
  const maskArb = fc
    .record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }) })
    .chain(({ w, h }) =>
      fc.record({
        width: fc.constant(w),
        height: fc.constant(h),
        data: fc.uint8Array({ minLength: w * h, maxLength: w * h, max: 1 }),
      }),
    );

  it('for random masks, image sizes and placements', () => {
    fc.assert(
      fc.property(
        maskArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.option(
          fc.record({
            x: fc.integer({ min: -15, max: 45 }),
            y: fc.integer({ min: -15, max: 45 }),
            width: fc.integer({ min: 1, max: 30 }),
            height: fc.integer({ min: 1, max: 30 }),
          }),
          { nil: undefined },
        ),
        (mask, W, H, placement) => {
          const rgba = referenceRgba(mask, W, H, placement);
          const got = encodeMaskRle(mask, W, H, placement);
          if (!rgba.includes(255)) {
            expect(got).toBeNull();
            return;
          }
          expect(Array.from(got as Uint8Array)).toEqual(Array.from(encode(rgba, rgba.length)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('for runs around the 65536-element record limit', () => {
    // all-on / all-off stretches of 16384·k ± 1 pixels → byte runs near multiples of 65536
    for (const pixels of [16383, 16384, 16385, 32767, 32768, 32769, 49153, 70000]) {
      for (const lead of [0, 1, 5]) {
        const W = pixels + lead + 3;
        const data = new Uint8Array(W);
        data.fill(1, lead, lead + pixels);
        const mask = { width: W, height: 1, data };
        const rgba = referenceRgba(mask, W, 1);
        const got = encodeMaskRle(mask, W, 1);
        expect(Array.from(got as Uint8Array)).toEqual(Array.from(encode(rgba, rgba.length)));
        const back = decode(got as Uint8Array);
        expect(back.length).toBe(rgba.length);
        expect(back.every((v, i) => v === rgba[i])).toBe(true);
      }
    }
  });

  it('for sparse rectangles on larger images (runs spanning rows)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 300 }),
        fc.integer({ min: 50, max: 300 }),
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 299 }),
            y: fc.integer({ min: 0, max: 299 }),
            w: fc.integer({ min: 1, max: 200 }),
            h: fc.integer({ min: 1, max: 200 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (W, H, rects) => {
          const data = new Uint8Array(W * H);
          for (const r of rects) {
            for (let y = r.y; y < Math.min(H, r.y + r.h); y++) {
              for (let x = r.x; x < Math.min(W, r.x + r.w); x++) data[y * W + x] = 1;
            }
          }
          const mask = { width: W, height: H, data };
          const rgba = referenceRgba(mask, W, H);
          const got = encodeMaskRle(mask, W, H);
          if (!rgba.includes(255)) return;
          expect(Array.from(got as Uint8Array)).toEqual(Array.from(encode(rgba, rgba.length)));
        },
      ),
      { numRuns: 40 },
    );
  });
});

// Speed is measured by `npm run bench`, not here; this checks the large case is right.
describe('large images', () => {
  it('encodes a 4000×3000 mask up-sampled from 160×120 that decodes pixel for pixel', () => {
    const mw = 160;
    const mh = 120;
    const data = new Uint8Array(mw * mh);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 13 < 6 ? 1 : 0; // busy pattern
    const mask = { width: mw, height: mh, data };
    const r = brushResult({ ...ctl, labels: ['x'], mask, imageWidth: 4000, imageHeight: 3000 });
    expect(r).not.toBeNull();
    const rgba = decodeRle((r!.value as { rle: number[] }).rle);
    expect(rgba.length).toBe(4000 * 3000 * 4);
    for (const [px, py] of [
      [0, 0],
      [1234, 567],
      [3999, 2999],
      [2000, 1500],
      [25, 2990],
    ] as const) {
      const on = data[Math.floor((py * mh) / 3000) * mw + Math.floor((px * mw) / 4000)] === 1;
      expect(rgba[(py * 4000 + px) * 4 + 3]).toBe(on ? 255 : 0);
    }
  });
});
