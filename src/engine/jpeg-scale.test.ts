import { describe, expect, it } from 'vitest';
import { jpegEighths, neededScale, readBackSize, scaledJpegSize } from './jpeg-scale';

const letterbox = { width: 640, height: 640, resize: 'letterbox' as const };

describe('how small a JPEG may be decoded for a model input', () => {
  it('letterbox needs the fitting scale; stretch and crop the filling one', () => {
    expect(neededScale(letterbox, 1920, 1280)).toBeCloseTo(1 / 3);
    expect(neededScale({ ...letterbox, resize: 'stretch' }, 1920, 1280)).toBeCloseTo(0.5);
    const crop = { width: 224, height: 224, resize: 'crop' as const, cropRatio: 0.875 };
    // Short side to 256 (= 224 / 0.875), then the centre 224.
    expect(neededScale(crop, 1024, 768)).toBeCloseTo(256 / 768);
  });

  it('rounds up to eighths, never below 1/8 or above full size', () => {
    expect(jpegEighths(1 / 3)).toBe(3);
    expect(jpegEighths(0.5)).toBe(4);
    expect(jpegEighths(0.01)).toBe(1);
    expect(jpegEighths(0.9)).toBe(8);
    expect(jpegEighths(2)).toBe(8);
  });

  it('the decoded image is never smaller than preprocessing needs', () => {
    for (const [w, h] of [
      [1920, 1280],
      [641, 479],
      [6000, 4000],
      [1001, 3007],
    ] as const) {
      for (const target of [letterbox, { ...letterbox, width: 320, height: 320 }]) {
        const need = neededScale(target, w, h);
        const size = scaledJpegSize(w, h, jpegEighths(need));
        const fit = Math.min(size.width / w, size.height / h);
        expect(fit, `${w}×${h} → ${size.width}×${size.height}`).toBeGreaterThanOrEqual(need - 1e-9);
        // …and one eighth less would be too small (unless already at 1/8).
        if (jpegEighths(need) > 1) expect((jpegEighths(need) - 1) / 8).toBeLessThan(need);
      }
    }
  });
});

describe('the size pixels are read back at', () => {
  const letterbox = { width: 640, height: 640, resize: 'letterbox' as const };

  it('is the letterbox content size when asked for, the decoded size otherwise', () => {
    expect(readBackSize(720, 480, { ...letterbox, atInputScale: true })).toEqual({
      width: 640,
      height: 427,
    });
    expect(readBackSize(480, 720, { ...letterbox, atInputScale: true })).toEqual({
      width: 427,
      height: 640,
    });
    expect(readBackSize(720, 480, letterbox)).toEqual({ width: 720, height: 480 });
    expect(readBackSize(720, 480, undefined)).toEqual({ width: 720, height: 480 });
  });

  it('never enlarges', () => {
    expect(readBackSize(320, 200, { ...letterbox, atInputScale: true })).toEqual({
      width: 320,
      height: 200,
    });
  });

  it('a centre crop keeps the short side at input / cropRatio', () => {
    const crop = { width: 224, height: 224, resize: 'crop' as const, cropRatio: 0.875 };
    expect(readBackSize(720, 480, { ...crop, atInputScale: true })).toEqual({
      width: 384,
      height: 256,
    });
  });
});
