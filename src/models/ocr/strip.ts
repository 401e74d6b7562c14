// Curved text lines (a photographed book page bends its lines): a strip of
// cross-sections along the line instead of one rectangle. A rectangle around
// a bent line is much taller than the text and takes in pieces of the lines
// above and below, which the recogniser then misreads; the strip follows the
// line and is cut out flattened.
import { sampleBilinear, supersampleFactor } from './crop';
import type { Point } from './types';
import type { RgbaImage } from '../types';

/** Cross-sections of a text line, left to right: `top[k]` above `bottom[k]` (as read). */
export interface Strip {
  top: Point[];
  bottom: Point[];
}

/** Per map column of one blob: the first and last row it covers (or -1 when none). */
export interface BlobColumns {
  x0: number;
  top: Int32Array;
  bottom: Int32Array;
}

export interface StripOptions {
  /** How far the text kernel is grown back (DB's unclip ratio). */
  unclipRatio: number;
  /** Map → image scale. */
  sx: number;
  sy: number;
  srcWidth: number;
  srcHeight: number;
}

/** A line counts as bent when its bounding rectangle is this much taller than the text. */
export const BENT_RATIO = 1.3;
/** Only near-horizontal lines at least this many text heights long are followed. */
const MIN_LENGTH_RATIO = 4;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * The strip of a blob (map columns) in image pixels, or null when the blob is
 * not a long, near-horizontal line that bends: `rectHeight` (the short side
 * of its minimum-area rectangle, map px) is compared with the text's own
 * height (the median column extent).
 */
export function bentLineStrip(
  columns: BlobColumns,
  rectHeight: number,
  options: StripOptions,
): Strip | null {
  const centres: number[] = [];
  const heights: number[] = [];
  for (let i = 0; i < columns.top.length; i++) {
    const top = columns.top[i]!;
    if (top < 0) continue;
    const bottom = columns.bottom[i]! + 1;
    centres[i] = (top + bottom) / 2;
    heights.push(bottom - top);
  }
  const textHeight = median(heights);
  const length = columns.top.length;
  if (textHeight <= 0 || length < MIN_LENGTH_RATIO * textHeight) return null;
  if (rectHeight < BENT_RATIO * textHeight) return null;

  // DB's unclip offset for a textHeight-tall line of this length.
  const offset = (length * textHeight * options.unclipRatio) / (2 * (length + textHeight));
  const half = textHeight / 2 + offset;
  // Cross-sections about two text heights apart; each centre is the mean of
  // the column centres within one text height of it (smooths ascenders).
  const segments = Math.max(2, Math.round(length / (2 * textHeight)));
  const { sx, sy, srcWidth, srcHeight } = options;
  const top: Point[] = [];
  const bottom: Point[] = [];
  for (let k = 0; k <= segments; k++) {
    const at = (k / segments) * length; // edge coordinate within the blob
    let sum = 0;
    let count = 0;
    const from = Math.max(0, Math.floor(at - textHeight));
    const to = Math.min(length - 1, Math.ceil(at + textHeight));
    for (let i = from; i <= to; i++) {
      if (centres[i] === undefined) continue;
      sum += centres[i]!;
      count++;
    }
    const centre = count > 0 ? sum / count : (top[k - 1]![1] / sy + bottom[k - 1]![1] / sy) / 2;
    // The ends reach out by the unclip offset, like DB's grown box.
    const x = columns.x0 + at + (k === 0 ? -offset : k === segments ? offset : 0);
    const px = clamp(x * sx, 0, srcWidth);
    top.push([px, clamp((centre - half) * sy, 0, srcHeight)]);
    bottom.push([px, clamp((centre + half) * sy, 0, srcHeight)]);
  }
  return { top, bottom };
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
const lerp = (a: Point, b: Point, t: number): Point => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];

/** Lengths of the strip's segments along its middle line. */
function segmentLengths(strip: Strip): number[] {
  const lengths: number[] = [];
  for (let k = 0; k + 1 < strip.top.length; k++) {
    const a = mid(strip.top[k]!, strip.bottom[k]!);
    const b = mid(strip.top[k + 1]!, strip.bottom[k + 1]!);
    lengths.push(dist(a, b));
  }
  return lengths;
}

/** Length along the middle line and the mean cross-section height. */
export function stripSize(strip: Strip): { width: number; height: number } {
  const width = segmentLengths(strip).reduce((a, b) => a + b, 0);
  const heights = strip.top.map((t, k) => dist(t, strip.bottom[k]!));
  return { width, height: heights.reduce((a, b) => a + b, 0) / Math.max(1, heights.length) };
}

/** The strip grown by `dx` at both ends and `dy` above and below. */
export function growStrip(strip: Strip, dx: number, dy: number): Strip {
  const n = strip.top.length;
  const grow = (k: number): [Point, Point] => {
    const t = strip.top[k]!;
    const b = strip.bottom[k]!;
    const h = Math.max(dist(t, b), 1e-9);
    const v: Point = [(b[0] - t[0]) / h, (b[1] - t[1]) / h];
    // Along the line: the end sections move outwards, perpendicular to v.
    const along = k === 0 ? -dx : k === n - 1 ? dx : 0;
    const u: Point = [v[1], -v[0]]; // reading direction: v turned 90° anticlockwise
    const shift: Point = [u[0] * along, u[1] * along];
    return [
      [t[0] - v[0] * dy + shift[0], t[1] - v[1] * dy + shift[1]],
      [b[0] + v[0] * dy + shift[0], b[1] + v[1] * dy + shift[1]],
    ];
  };
  const sections = strip.top.map((_, k) => grow(k));
  return { top: sections.map((s) => s[0]), bottom: sections.map((s) => s[1]) };
}

/** The same strip, read upside down. */
export function rotateStrip180(strip: Strip): Strip {
  return { top: [...strip.bottom].reverse(), bottom: [...strip.top].reverse() };
}

/** Axis-aligned bounds of the strip. */
export function stripBounds(strip: Strip): { x: number; y: number; width: number; height: number } {
  const points = [...strip.top, ...strip.bottom];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * The strip flattened onto `outWidth` × `outHeight`: output columns are shared
 * among the segments by their length, and each column samples the line
 * between its interpolated top and bottom points.
 */
export function cropStrip(
  image: RgbaImage,
  strip: Strip,
  outWidth: number,
  outHeight: number,
): RgbaImage {
  const W = Math.max(1, Math.round(outWidth));
  const H = Math.max(1, Math.round(outHeight));
  const out = new Uint8ClampedArray(W * H * 4);
  const lengths = segmentLengths(strip);
  const total = lengths.reduce((a, b) => a + b, 0) || 1;
  const size = stripSize(strip);
  // Supersample when shrinking, as cropQuad does.
  const k = supersampleFactor(size, W, H);
  const rgb: [number, number, number] = [0, 0, 0];
  /** The top and bottom points of the cross-section at `s` ∈ [0, 1] along the middle line. */
  const sectionAt = (s: number): [Point, Point] => {
    let rest = s * total;
    let seg = 0;
    while (seg < lengths.length - 1 && rest > lengths[seg]!) rest -= lengths[seg++]!;
    const u = lengths[seg]! > 0 ? Math.min(1, rest / lengths[seg]!) : 0;
    return [
      lerp(strip.top[seg]!, strip.top[seg + 1]!, u),
      lerp(strip.bottom[seg]!, strip.bottom[seg + 1]!, u),
    ];
  };
  const n = k * k;
  const sums = new Float64Array(H * 3);
  for (let i = 0; i < W; i++) {
    sums.fill(0);
    for (let si = 0; si < k; si++) {
      const [top, bottom] = sectionAt((i + (si + 0.5) / k) / W);
      for (let j = 0; j < H; j++) {
        for (let sj = 0; sj < k; sj++) {
          const [x, y] = lerp(top, bottom, (j + (sj + 0.5) / k) / H);
          sampleBilinear(image, x - 0.5, y - 0.5, rgb);
          sums[j * 3] = sums[j * 3]! + rgb[0];
          sums[j * 3 + 1] = sums[j * 3 + 1]! + rgb[1];
          sums[j * 3 + 2] = sums[j * 3 + 2]! + rgb[2];
        }
      }
    }
    for (let j = 0; j < H; j++) {
      const o = (j * W + i) * 4;
      out[o] = sums[j * 3]! / n;
      out[o + 1] = sums[j * 3 + 1]! / n;
      out[o + 2] = sums[j * 3 + 2]! / n;
      out[o + 3] = 255;
    }
  }
  return { width: W, height: H, data: out };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
