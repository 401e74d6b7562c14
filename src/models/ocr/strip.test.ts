import { describe, expect, it } from 'vitest';
import {
  bentLineStrip,
  cropStrip,
  growStrip,
  rotateStrip180,
  stripSize,
  type Strip,
} from './strip';
import type { RgbaImage } from '../types';

const W = 120;
const H = 60;
/** A dark 6 px band along y = arc(x) on white: a bent line of text. */
const arc = (x: number) => 25 + 10 * ((x - 60) / 60) ** 2;

function bentImage(): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = Math.abs(y + 0.5 - arc(x + 0.5)) <= 3 ? 0 : 255;
      data.set([v, v, v, 255], (y * W + x) * 4);
    }
  }
  return { width: W, height: H, data };
}

/** Cross-sections every 10 px along the band, `half` above and below it. */
function stripAlong(half: number): Strip {
  const xs = Array.from({ length: 13 }, (_, k) => k * 10);
  return {
    top: xs.map((x) => [x, arc(x) - half]),
    bottom: xs.map((x) => [x, arc(x) + half]),
  };
}

const grey = (img: RgbaImage, x: number, y: number) => img.data[(y * img.width + x) * 4]!;

describe('cropStrip', () => {
  it('flattens a bent line: its middle rows are dark, the rows above and below white', () => {
    const out = cropStrip(bentImage(), stripAlong(9), 240, 36);
    expect(out.width).toBe(240);
    expect(out.height).toBe(36);
    for (let x = 4; x < 236; x += 8) {
      expect(grey(out, x, 18)).toBeLessThan(40);
      expect(grey(out, x, 2)).toBeGreaterThan(215);
      expect(grey(out, x, 33)).toBeGreaterThan(215);
    }
  });

  it('reads a turned strip as the crop turned 180°', () => {
    const image = bentImage();
    // Mark the left end so the turn shows.
    for (let y = 0; y < H; y++) image.data.set([0, 0, 0, 255], (y * W + 2) * 4);
    const strip = stripAlong(9);
    const upright = cropStrip(image, strip, 120, 18);
    const turned = cropStrip(image, rotateStrip180(strip), 120, 18);
    for (let y = 0; y < 18; y++) {
      for (let x = 0; x < 120; x++) {
        expect(Math.abs(grey(turned, 119 - x, 17 - y) - grey(upright, x, y))).toBeLessThan(2);
      }
    }
  });
});

describe('growStrip and stripSize', () => {
  it('grows every cross-section by dy and moves the ends outwards by dx', () => {
    const strip: Strip = {
      top: [
        [10, 10],
        [50, 10],
        [90, 10],
      ],
      bottom: [
        [10, 20],
        [50, 20],
        [90, 20],
      ],
    };
    expect(stripSize(strip)).toEqual({ width: 80, height: 10 });
    const grown = growStrip(strip, 3, 2);
    expect(grown.top).toEqual([
      [7, 8],
      [50, 8],
      [93, 8],
    ]);
    expect(grown.bottom).toEqual([
      [7, 22],
      [50, 22],
      [93, 22],
    ]);
  });
});

describe('bentLineStrip', () => {
  const options = { unclipRatio: 1.5, sx: 1, sy: 1, srcWidth: W, srcHeight: H };
  /** Column extents of a band `thick` rows tall whose top follows `topOf`. */
  const columns = (length: number, thick: number, topOf: (x: number) => number) => {
    const top = Int32Array.from({ length }, (_, x) => Math.round(topOf(x)));
    return { x0: 5, top, bottom: top.map((t) => t + thick - 1) };
  };

  it('gives no strip for a straight line, a short blob or a line no taller than its text', () => {
    expect(
      bentLineStrip(
        columns(80, 6, () => 20),
        6,
        options,
      ),
    ).toBeNull();
    expect(
      bentLineStrip(
        columns(20, 6, (x) => 20 + x / 4),
        11,
        options,
      ),
    ).toBeNull();
    expect(
      bentLineStrip(
        columns(80, 6, (x) => 20 + x / 80),
        7,
        options,
      ),
    ).toBeNull();
  });

  it('follows a bent line with cross-sections one text height plus the unclip offset around it', () => {
    const strip = bentLineStrip(
      columns(100, 6, (x) => 20 + 8 * ((x - 50) / 50) ** 2),
      14,
      options,
    )!;
    expect(strip).not.toBeNull();
    const offset = (100 * 6 * 1.5) / (2 * (100 + 6));
    strip.top.forEach((top, k) => {
      expect(strip.bottom[k]![1] - top[1]).toBeCloseTo(6 + 2 * offset, 6);
    });
    // Ends reach out by the offset; the middle sits lower than the ends.
    expect(strip.top[0]![0]).toBeCloseTo(5 - offset, 6);
    expect(strip.top[strip.top.length - 1]![0]).toBeCloseTo(105 + offset, 6);
    const middle = strip.top[Math.floor(strip.top.length / 2)]![1];
    expect(strip.top[0]![1]).toBeGreaterThan(middle + 4);
  });
});
