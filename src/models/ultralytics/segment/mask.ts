// One instance mask: sigmoid(coefficients · prototypes) > 0.5, i.e. the linear
// combination > 0, up-sampled bilinearly from prototype resolution to model-input
// pixels (as Ultralytics' retina masks), cropped to the box and to the image
// content (letterbox padding dropped), then placed in original pixels.
import type { LetterboxTransform, PlacedMask } from '../../types';

export interface Prototypes {
  data: Float32Array;
  /** Coefficient count (32 for YOLOv8/11). */
  count: number;
  height: number;
  width: number;
}

export interface InputBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Bilinear taps (align_corners=False, edges clamped) from input pixels to prototype cells. */
function taps(from: number, to: number, inputSize: number, protoSize: number) {
  const n = to - from;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const frac = new Float32Array(n);
  const ratio = protoSize / inputSize;
  for (let k = 0; k < n; k++) {
    const u = Math.min(Math.max((from + k + 0.5) * ratio - 0.5, 0), protoSize - 1);
    const u0 = Math.floor(u);
    lo[k] = u0;
    hi[k] = Math.min(u0 + 1, protoSize - 1);
    frac[k] = u - u0;
  }
  return { lo, hi, frac };
}

/** Input-pixel range [a, b) of pixels whose index lies in [v1, v2), within [lo, hi). */
function pixelRange(v1: number, v2: number, lo: number, hi: number): [number, number] {
  return [Math.max(Math.ceil(v1), lo), Math.min(Math.ceil(v2), hi)];
}

/**
 * The mask of one detection in model-input pixel resolution over its box.
 * `coefficients` holds `protos.count` values. Returns null when the box has no
 * pixel inside the image content.
 */
export function instanceMask(
  coefficients: Float32Array,
  protos: Prototypes,
  box: InputBox,
  inputWidth: number,
  inputHeight: number,
  t: LetterboxTransform,
): PlacedMask | null {
  // The image occupies [padX, padX + contentW) of the input (letterbox) or all of it (crop).
  const contentX0 = Math.max(0, Math.ceil(t.padX));
  const contentY0 = Math.max(0, Math.ceil(t.padY));
  const contentX1 = Math.min(inputWidth, Math.round(t.padX + t.srcWidth * t.scaleX));
  const contentY1 = Math.min(inputHeight, Math.round(t.padY + t.srcHeight * t.scaleY));
  const [x0, x1] = pixelRange(box.x1, box.x2, contentX0, contentX1);
  const [y0, y1] = pixelRange(box.y1, box.y2, contentY0, contentY1);
  if (x1 <= x0 || y1 <= y0) return null;

  const cols = taps(x0, x1, inputWidth, protos.width);
  const rows = taps(y0, y1, inputHeight, protos.height);
  // Linear combination only over the prototype cells the box reads.
  const j0 = cols.lo[0] as number;
  const j1 = cols.hi[cols.hi.length - 1] as number;
  const i0 = rows.lo[0] as number;
  const i1 = rows.hi[rows.hi.length - 1] as number;
  const lw = j1 - j0 + 1;
  const logits = new Float32Array(lw * (i1 - i0 + 1));
  const plane = protos.width * protos.height;
  for (let k = 0; k < protos.count; k++) {
    const c = coefficients[k] as number;
    if (c === 0) continue;
    const base = k * plane;
    for (let i = i0; i <= i1; i++) {
      const src = base + i * protos.width;
      const dst = (i - i0) * lw - j0;
      for (let j = j0; j <= j1; j++)
        logits[dst + j] = (logits[dst + j] as number) + c * (protos.data[src + j] as number);
    }
  }

  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    const a = ((rows.lo[r] as number) - i0) * lw - j0;
    const b = ((rows.hi[r] as number) - i0) * lw - j0;
    const fy = rows.frac[r] as number;
    for (let c = 0; c < width; c++) {
      const lo = cols.lo[c] as number;
      const hi = cols.hi[c] as number;
      const fx = cols.frac[c] as number;
      const top =
        (logits[a + lo] as number) + ((logits[a + hi] as number) - (logits[a + lo] as number)) * fx;
      const bottom =
        (logits[b + lo] as number) + ((logits[b + hi] as number) - (logits[b + lo] as number)) * fx;
      if (top + (bottom - top) * fy > 0) data[r * width + c] = 1;
    }
  }
  return {
    width,
    height,
    data,
    placement: {
      x: (x0 - t.padX) / t.scaleX,
      y: (y0 - t.padY) / t.scaleY,
      width: width / t.scaleX,
      height: height / t.scaleY,
    },
  };
}
