// Cutting a text region out of the image as an upright strip: a perspective
// warp of the quad onto a rectangle, sampled bilinearly (with supersampling
// when shrinking, so thin strokes of large text do not alias away).
import { quadSize } from './geometry';
import type { Point, Quad } from './types';
import type { RgbaImage } from '../types';

/** PaddleOCR turns crops at least 1.5× taller than wide by 90° (vertical text). */
const TALL_RATIO = 1.5;
const MAX_SUPERSAMPLE = 4;

/**
 * The same region with its corners renumbered so a crop of it comes out
 * rotated 90° counter-clockwise when it is tall (as np.rot90 in PaddleOCR).
 */
export function uprightQuad(quad: Quad): Quad {
  const { width, height } = quadSize(quad);
  if (width > 0 && height / width >= TALL_RATIO) return [quad[1], quad[2], quad[3], quad[0]];
  return quad;
}

/** The same region, read upside down. */
export function rotateQuad180(quad: Quad): Quad {
  return [quad[2], quad[3], quad[0], quad[1]];
}

/** Maps unit-square coordinates (u, v) onto the quad: (0,0)→q0, (1,0)→q1, (1,1)→q2, (0,1)→q3. */
export function squareToQuad(quad: Quad): (u: number, v: number) => Point {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad;
  const dx3 = x0 - x1 + x2 - x3;
  const dy3 = y0 - y1 + y2 - y3;
  let g = 0;
  let h = 0;
  if (Math.abs(dx3) > 1e-9 || Math.abs(dy3) > 1e-9) {
    // Heckbert's projective square-to-quad mapping.
    const dx1 = x1 - x2;
    const dx2 = x3 - x2;
    const dy1 = y1 - y2;
    const dy2 = y3 - y2;
    const det = dx1 * dy2 - dx2 * dy1;
    if (Math.abs(det) > 1e-12) {
      g = (dx3 * dy2 - dx2 * dy3) / det;
      h = (dx1 * dy3 - dx3 * dy1) / det;
    }
  }
  const a = x1 - x0 + g * x1;
  const b = x3 - x0 + h * x3;
  const d = y1 - y0 + g * y1;
  const e = y3 - y0 + h * y3;
  return (u, v) => {
    const w = g * u + h * v + 1;
    return [(a * u + b * v + x0) / w, (d * u + e * v + y0) / w];
  };
}

/** Samples per output pixel and axis when shrinking a region of `size` onto W × H (1 when not). */
export function supersampleFactor(
  size: { width: number; height: number },
  W: number,
  H: number,
): number {
  return Math.min(
    MAX_SUPERSAMPLE,
    Math.max(1, Math.ceil(Math.max(size.width / W, size.height / H))),
  );
}

/**
 * The quad's pixels warped onto an `outWidth` × `outHeight` RGBA image (quad
 * edge q0→q1 becomes the top edge). Coordinates outside the image repeat the
 * border pixels, like OpenCV's BORDER_REPLICATE.
 */
export function cropQuad(
  image: RgbaImage,
  quad: Quad,
  outWidth: number,
  outHeight: number,
): RgbaImage {
  const W = Math.max(1, Math.round(outWidth));
  const H = Math.max(1, Math.round(outHeight));
  const out = new Uint8ClampedArray(W * H * 4);
  const map = squareToQuad(quad);
  const size = quadSize(quad);
  const k = supersampleFactor(size, W, H);
  const rgb: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sj = 0; sj < k; sj++) {
        for (let si = 0; si < k; si++) {
          const [x, y] = map((i + (si + 0.5) / k) / W, (j + (sj + 0.5) / k) / H);
          // Continuous coordinates put pixel centres at +0.5.
          sampleBilinear(image, x - 0.5, y - 0.5, rgb);
          r += rgb[0];
          g += rgb[1];
          b += rgb[2];
        }
      }
      const o = (j * W + i) * 4;
      const n = k * k;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = 255;
    }
  }
  return { width: W, height: H, data: out };
}

/** Bilinear RGB at pixel-index coordinates, clamped to the image (edge replicate). */
export function sampleBilinear(
  image: RgbaImage,
  x: number,
  y: number,
  out: [number, number, number],
): void {
  const { width: W, height: H, data } = image;
  const cx = x < 0 ? 0 : x > W - 1 ? W - 1 : x;
  const cy = y < 0 ? 0 : y > H - 1 ? H - 1 : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, W - 1);
  const y1 = Math.min(y0 + 1, H - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const i00 = (y0 * W + x0) * 4;
  const i01 = (y0 * W + x1) * 4;
  const i10 = (y1 * W + x0) * 4;
  const i11 = (y1 * W + x1) * 4;
  for (let c = 0; c < 3; c++) {
    const top = data[i00 + c]! + (data[i01 + c]! - data[i00 + c]!) * fx;
    const bottom = data[i10 + c]! + (data[i11 + c]! - data[i10 + c]!) * fx;
    out[c] = top + (bottom - top) * fy;
  }
}

/** Columns [x, x + width) of an image, as a new image. */
export function cropColumns(image: RgbaImage, x: number, width: number): RgbaImage {
  const out = new Uint8ClampedArray(width * image.height * 4);
  for (let y = 0; y < image.height; y++) {
    const start = (y * image.width + x) * 4;
    out.set(image.data.subarray(start, start + width * 4), y * width * 4);
  }
  return { width, height: image.height, data: out };
}
