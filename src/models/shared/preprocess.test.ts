import { describe, expect, it } from 'vitest';
import type { PreprocessSpec, RgbaImage } from '../types';
import { computeTransform, preprocessImage } from './preprocess';
import { imagenetPreprocess } from './imagenet';

function spec(overrides: Partial<PreprocessSpec>): PreprocessSpec {
  return {
    width: 8,
    height: 8,
    resize: 'letterbox',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'RGB',
    layout: 'NCHW',
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    ...overrides,
  };
}

/** An image whose every pixel is (r,g,b). */
function solid(width: number, height: number, r: number, g: number, b: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([r, g, b, 255], i * 4);
  return { width, height, data };
}

/** A grey image whose pixel (x,y) has value f(x,y) in all channels. */
function grey(width: number, height: number, f: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([f(x, y), f(x, y), f(x, y), 255], (y * width + x) * 4);
  return { width, height, data };
}

/** Channel-0 plane of an NCHW tensor as rows. */
function plane0(data: Float32Array, w: number, h: number): number[][] {
  return Array.from({ length: h }, (_, y) => Array.from(data.subarray(y * w, y * w + w)));
}

describe('computeTransform', () => {
  it('letterboxes a 4×2 image into 8×8 centred: scale 2, 2 rows of padding above', () => {
    expect(computeTransform(4, 2, spec({}))).toEqual({
      scaleX: 2,
      scaleY: 2,
      padX: 0,
      padY: 2,
      srcWidth: 4,
      srcHeight: 2,
    });
  });

  it('anchors top-left with no offset', () => {
    const t = computeTransform(4, 2, spec({ anchor: 'top-left' }));
    expect([t.padX, t.padY]).toEqual([0, 0]);
  });

  it('stretches each axis independently', () => {
    const t = computeTransform(4, 2, spec({ resize: 'stretch' }));
    expect([t.scaleX, t.scaleY, t.padX, t.padY]).toEqual([2, 4, 0, 0]);
  });

  it('centre-crops: short side to the input size, negative offset on the long side', () => {
    // 4×2 into 2×2: short side 2 → scale 1, 4 wide → 1 column cut on each side.
    const t = computeTransform(4, 2, spec({ resize: 'crop', width: 2, height: 2 }));
    expect([t.scaleX, t.scaleY, t.padX, t.padY]).toEqual([1, 1, -1, 0]);
  });

  it('crop ratio 0.875 resizes the short side to 256 for a 224 crop', () => {
    const t = computeTransform(
      512,
      1024,
      spec({ resize: 'crop', width: 224, height: 224, cropRatio: 0.875 }),
    );
    expect(t.scaleX).toBeCloseTo(0.5);
    expect(t.padX).toBe(-16); // (224 - 256) / 2
    expect(t.padY).toBe(-144); // (224 - 512) / 2
  });
});

describe('preprocessImage', () => {
  it('fills letterbox padding with the normalised pad value and the image elsewhere', () => {
    const image = solid(4, 2, 255, 255, 255);
    const { tensor } = preprocessImage(image, spec({ padValue: 114, scale: 1 / 255 }));
    expect(tensor.dims).toEqual([1, 3, 8, 8]);
    const rows = plane0(tensor.data as Float32Array, 8, 8);
    const pad = 114 / 255;
    for (const y of [0, 1, 6, 7])
      for (const v of rows[y] as number[]) expect(v).toBeCloseTo(pad, 6);
    for (const y of [2, 3, 4, 5]) for (const v of rows[y] as number[]) expect(v).toBeCloseTo(1, 6);
  });

  it('top-left anchoring puts all padding below the image', () => {
    const { tensor } = preprocessImage(
      solid(4, 2, 200, 200, 200),
      spec({ anchor: 'top-left', padValue: 7 }),
    );
    const rows = plane0(tensor.data as Float32Array, 8, 8);
    expect(rows.map((r) => r[0])).toEqual([200, 200, 200, 200, 7, 7, 7, 7]);
  });

  it('keeps RGB order or swaps to BGR, per plane in NCHW', () => {
    const image = solid(2, 2, 10, 20, 30);
    const rgb = preprocessImage(image, spec({ width: 2, height: 2 })).tensor.data as Float32Array;
    const bgr = preprocessImage(image, spec({ width: 2, height: 2, channelOrder: 'BGR' })).tensor
      .data as Float32Array;
    expect(Array.from(rgb)).toEqual([10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30]);
    expect(Array.from(bgr)).toEqual([30, 30, 30, 30, 20, 20, 20, 20, 10, 10, 10, 10]);
  });

  it('interleaves channels per pixel in NHWC', () => {
    const { tensor } = preprocessImage(
      solid(2, 1, 10, 20, 30),
      spec({ width: 2, height: 1, layout: 'NHWC', resize: 'stretch' }),
    );
    expect(tensor.dims).toEqual([1, 1, 2, 3]);
    expect(Array.from(tensor.data as Float32Array)).toEqual([10, 20, 30, 10, 20, 30]);
  });

  it('applies (pixel·scale − mean) / std per channel in model channel order', () => {
    const s = spec({
      width: 1,
      height: 1,
      channelOrder: 'BGR',
      scale: 1 / 255,
      mean: [0.5, 0.25, 0],
      std: [0.5, 0.25, 2],
    });
    const { tensor } = preprocessImage(solid(1, 1, 255, 0, 51), s);
    // B=51 → (0.2−0.5)/0.5; G=0 → (0−0.25)/0.25; R=255 → (1−0)/2
    const [b, g, r] = Array.from(tensor.data as Float32Array);
    expect(b).toBeCloseTo(-0.6, 5);
    expect(g).toBeCloseTo(-1, 5);
    expect(r).toBeCloseTo(0.5, 5);
  });

  it('interpolates bilinearly with pixel centres aligned (OpenCV convention)', () => {
    // Sources 0 and 100 at x=0,1; output centres map to −0.25, 0.25, 0.75, 1.25.
    const image = grey(2, 1, (x) => x * 100);
    const { tensor } = preprocessImage(image, spec({ width: 4, height: 1, resize: 'stretch' }));
    expect(Array.from(tensor.data as Float32Array).slice(0, 4)).toEqual([0, 25, 75, 100]);
  });

  it('copies pixels exactly when the sizes match', () => {
    const image = grey(3, 2, (x, y) => 10 * x + 100 * y);
    const { tensor } = preprocessImage(image, spec({ width: 3, height: 2 }));
    expect(plane0(tensor.data as Float32Array, 3, 2)).toEqual([
      [0, 10, 20],
      [100, 110, 120],
    ]);
  });

  it('at the input scale: letterbox padding around an exact copy, BGR, normalised, NHWC too', () => {
    // 4×2 into 4×4 centred: scale 1, one padding row above and below.
    const image: RgbaImage = {
      width: 4,
      height: 2,
      data: Uint8Array.from({ length: 32 }, (_, i) => (i * 37) % 256),
    };
    const base = { width: 4, height: 4, padValue: 114, channelOrder: 'BGR' as const };
    const norm: Pick<PreprocessSpec, 'scale' | 'mean' | 'std'> = {
      scale: 1 / 255,
      mean: [0.5, 0.4, 0.3],
      std: [0.2, 0.25, 0.3],
    };
    for (const layout of ['NCHW', 'NHWC'] as const) {
      const { tensor, transform } = preprocessImage(image, spec({ ...base, ...norm, layout }));
      expect(transform).toMatchObject({ scaleX: 1, scaleY: 1, padX: 0, padY: 1 });
      const at = (x: number, y: number, k: number) =>
        (tensor.data as Float32Array)[layout === 'NCHW' ? k * 16 + y * 4 + x : (y * 4 + x) * 3 + k];
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          for (let k = 0; k < 3; k++) {
            const inside = y >= 1 && y <= 2;
            const value = inside ? image.data[((y - 1) * 4 + x) * 4 + (2 - k)]! : 114;
            expect(at(x, y, k)).toBeCloseTo((value / 255 - norm.mean[k]!) / norm.std[k]!, 5);
          }
        }
      }
    }
  });

  it('centre crop keeps the middle columns', () => {
    const image = grey(4, 2, (x) => x * 10);
    const { tensor } = preprocessImage(image, spec({ width: 2, height: 2, resize: 'crop' }));
    expect(plane0(tensor.data as Float32Array, 2, 2)).toEqual([
      [10, 20],
      [10, 20],
    ]);
  });

  it('reuses an output buffer of the right size and ignores one of the wrong size', () => {
    const image = solid(4, 4, 1, 2, 3);
    const buffer = new Float32Array(3 * 8 * 8);
    expect(preprocessImage(image, spec({}), buffer).tensor.data).toBe(buffer);
    const wrong = new Float32Array(10);
    expect(preprocessImage(image, spec({}), wrong).tensor.data).not.toBe(wrong);
  });

  it('ignores alpha', () => {
    const image = solid(1, 1, 40, 50, 60);
    image.data[3] = 0;
    const { tensor } = preprocessImage(image, spec({ width: 1, height: 1 }));
    expect(Array.from(tensor.data as Float32Array)).toEqual([40, 50, 60]);
  });

  it('rejects a pixel buffer shorter than width·height·4', () => {
    expect(() =>
      preprocessImage({ width: 2, height: 2, data: new Uint8Array(15) }, spec({})),
    ).toThrow(/16 RGBA bytes/);
  });
});

/**
 * The per-pixel bilinear formula, written out plainly: each output value from
 * its four source pixels (lerp across, then down, in doubles; the fractions
 * rounded to float32 as the taps store them). preprocessImage computes the
 * same doubles separably and must match it bit for bit.
 */
function reference(image: RgbaImage, s: PreprocessSpec): Float32Array {
  const t = computeTransform(image.width, image.height, s);
  const out = new Float32Array(3 * s.width * s.height);
  const channels = s.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const tap = (o: number, size: number, scale: number, pad: number) => {
    const c = o - pad;
    if (c < 0 || c >= Math.round(size * scale)) return null;
    const v = Math.min(Math.max((c + 0.5) / scale - 0.5, 0), size - 1);
    const lo = Math.floor(v);
    return { lo, hi: Math.min(lo + 1, size - 1), f: Math.fround(v - lo) };
  };
  const exact = t.scaleX === 1 && t.scaleY === 1;
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const ty = tap(y, image.height, t.scaleY, t.padY);
      const tx = tap(x, image.width, t.scaleX, t.padX);
      for (let k = 0; k < 3; k++) {
        const m = s.scale / s.std[k]!;
        const a = -s.mean[k]! / s.std[k]!;
        const at =
          s.layout === 'NCHW'
            ? k * s.width * s.height + y * s.width + x
            : (y * s.width + x) * 3 + k;
        if (!tx || !ty) {
          out[at] = s.padValue * m + a;
          continue;
        }
        const px = (sx: number, sy: number) =>
          image.data[(sy * image.width + sx) * 4 + channels[k]!]!;
        let v: number;
        if (exact) v = px(tx.lo, ty.lo);
        else {
          const top = px(tx.lo, ty.lo) + (px(tx.hi, ty.lo) - px(tx.lo, ty.lo)) * tx.f;
          const bottom = px(tx.lo, ty.hi) + (px(tx.hi, ty.hi) - px(tx.lo, ty.hi)) * tx.f;
          v = top + (bottom - top) * ty.f;
        }
        out[at] = v * m + a;
      }
    }
  }
  return out;
}

/** How many values differ in bits (lengths must match); a count keeps a failure's message short. */
function differing(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let count = 0;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) count++;
  return count;
}

/** Pixels with no pattern a wrong tap could hide behind. */
function noise(width: number, height: number, seed: number): RgbaImage {
  let state = seed;
  const data = Uint8Array.from({ length: width * height * 4 }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  });
  return { width, height, data };
}

describe('preprocessImage against the per-pixel formula', () => {
  const norm: Pick<PreprocessSpec, 'scale' | 'mean' | 'std'> = {
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  };
  const cases: [string, RgbaImage, PreprocessSpec][] = [
    ['ImageNet crop of a 128×128 photo', noise(128, 128, 1), imagenetPreprocess()],
    ['ImageNet crop of an odd 37×91 image', noise(37, 91, 2), imagenetPreprocess()],
    [
      'ImageNet crop, downscaled 301×263, NHWC',
      noise(301, 263, 3),
      imagenetPreprocess(224, 224, 'NHWC'),
    ],
    [
      'letterbox 13×7 into 17×11, BGR, pad 114',
      noise(13, 7, 4),
      spec({ width: 17, height: 11, padValue: 114, channelOrder: 'BGR', ...norm }),
    ],
    [
      'letterbox 5×23 into 9×9 top-left, NHWC',
      noise(5, 23, 5),
      spec({ width: 9, height: 9, anchor: 'top-left', layout: 'NHWC', padValue: 3 }),
    ],
    [
      'letterbox downscale 97×41 into 32×32',
      noise(97, 41, 6),
      spec({ width: 32, height: 32, ...norm }),
    ],
    [
      'stretch 3×5 into 19×7, BGR, NHWC',
      noise(3, 5, 7),
      spec({
        width: 19,
        height: 7,
        resize: 'stretch',
        channelOrder: 'BGR',
        layout: 'NHWC',
        ...norm,
      }),
    ],
    ['stretch 1×1 into 4×3', noise(1, 1, 8), spec({ width: 4, height: 3, resize: 'stretch' })],
    [
      'crop 29×11 into 7×7',
      noise(29, 11, 9),
      spec({ width: 7, height: 7, resize: 'crop', ...norm }),
    ],
    [
      'exact size with letterbox rows, BGR, NHWC',
      noise(6, 4, 10),
      spec({ width: 6, height: 6, channelOrder: 'BGR', layout: 'NHWC', padValue: 9, ...norm }),
    ],
  ];
  it.each(cases)('%s: bit-identical', (_, image, s) => {
    const got = preprocessImage(image, s).tensor.data as Float32Array;
    expect(differing(got, reference(image, s))).toBe(0);
  });

  it('writes into a subarray of a batch buffer and leaves the rest alone', () => {
    const s = imagenetPreprocess();
    const per = 3 * 224 * 224;
    const batch = new Float32Array(3 * per).fill(7);
    preprocessImage(noise(40, 30, 11), s, batch.subarray(per, 2 * per));
    expect(batch.subarray(0, per).every((v) => v === 7)).toBe(true);
    expect(batch.subarray(2 * per).every((v) => v === 7)).toBe(true);
    expect(differing(batch.subarray(per, 2 * per), reference(noise(40, 30, 11), s))).toBe(0);
  });
});
