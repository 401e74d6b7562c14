import type { LetterboxTransform, PreprocessSpec, RgbaImage, TensorData } from '../types';

export interface PreprocessResult {
  tensor: TensorData;
  transform: LetterboxTransform;
}

/**
 * Where the resized image lands in the model input. `padX`/`padY` are the
 * input-pixel offsets of the image's top-left corner: positive for letterbox
 * padding, negative when a centre crop cuts part of the image away.
 */
export function computeTransform(
  srcWidth: number,
  srcHeight: number,
  spec: PreprocessSpec,
): LetterboxTransform {
  const { width, height } = spec;
  if (spec.resize === 'stretch') {
    return {
      scaleX: width / srcWidth,
      scaleY: height / srcHeight,
      padX: 0,
      padY: 0,
      srcWidth,
      srcHeight,
    };
  }
  const ratio =
    spec.resize === 'letterbox'
      ? Math.min(width / srcWidth, height / srcHeight)
      : Math.max(width / srcWidth, height / srcHeight) / (spec.cropRatio ?? 1);
  // Integer content size as OpenCV-based pipelines produce; the exact per-axis
  // scale keeps mapping back consistent with what was sampled.
  const contentW = Math.max(1, Math.round(srcWidth * ratio));
  const contentH = Math.max(1, Math.round(srcHeight * ratio));
  const centred = spec.resize === 'crop' || spec.anchor === 'center';
  return {
    scaleX: contentW / srcWidth,
    scaleY: contentH / srcHeight,
    padX: centred ? Math.floor((width - contentW) / 2) : 0,
    padY: centred ? Math.floor((height - contentH) / 2) : 0,
    srcWidth,
    srcHeight,
  };
}

/**
 * Bilinear taps along one axis, precomputed once per image so the pixel loop
 * does no division or allocation. `lo`/`hi` are source indices; -1 marks an
 * output position outside the image (padding).
 */
function axisTaps(
  outSize: number,
  srcSize: number,
  scale: number,
  pad: number,
): { lo: Int32Array; hi: Int32Array; frac: Float32Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  const contentSize = Math.round(srcSize * scale);
  for (let o = 0; o < outSize; o++) {
    const c = o - pad;
    if (c < 0 || c >= contentSize) {
      lo[o] = -1;
      continue;
    }
    // Pixel centres aligned (OpenCV INTER_LINEAR convention).
    const s = Math.min(Math.max((c + 0.5) / scale - 0.5, 0), srcSize - 1);
    const s0 = Math.floor(s);
    lo[o] = s0;
    hi[o] = Math.min(s0 + 1, srcSize - 1);
    frac[o] = s - s0;
  }
  return { lo, hi, frac };
}

/**
 * Turns an RGBA image into a float32 model input: resize (bilinear) +
 * letterbox / stretch / centre crop, channel order, (p·scale − mean)/std,
 * NCHW or NHWC. Pass `out` (e.g. the previous result's data) to avoid a
 * fresh allocation per image; a buffer of the wrong size is not used.
 *
 * Separable: each source row the output reads is interpolated horizontally
 * once (kept in Float64, so every value is the same double the per-pixel
 * formula `top + (bottom − top)·fy` with `top = v00 + (v01 − v00)·fx` gives),
 * then each output row is one vertical lerp of two such rows; both passes do
 * the three channels in one loop. The result is bit-identical to the
 * per-pixel kernel; the unit test holds it to one.
 */
export function preprocessImage(
  image: RgbaImage,
  spec: PreprocessSpec,
  out?: Float32Array,
): PreprocessResult {
  const { width: srcW, height: srcH, data: src } = image;
  if (srcW < 1 || srcH < 1 || src.length < srcW * srcH * 4) {
    throw new Error(`image ${srcW}×${srcH} needs ${srcW * srcH * 4} RGBA bytes, got ${src.length}`);
  }
  const { width: W, height: H } = spec;
  const plane = W * H;
  const data = out && out.length === plane * 3 ? out : new Float32Array(plane * 3);
  const transform = computeTransform(srcW, srcH, spec);

  // Output channel k reads RGBA channel srcChannel[k]; normalisation folded
  // into one multiply-add per value.
  const srcChannel = spec.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const mul = [0, 1, 2].map((k) => spec.scale / (spec.std[k] as number));
  const add = [0, 1, 2].map((k) => -(spec.mean[k] as number) / (spec.std[k] as number));
  const pad = mul.map((m, k) => spec.padValue * m + (add[k] as number));

  const xs = axisTaps(W, srcW, transform.scaleX, transform.padX);
  const ys = axisTaps(H, srcH, transform.scaleY, transform.padY);
  const nchw = spec.layout === 'NCHW';
  const exact = transform.scaleX === 1 && transform.scaleY === 1;
  const [xFrom, xTo] = inside(xs.lo);
  const rows = new RowCache(srcW, src, xs, srcChannel, xFrom, xTo, exact);

  const step = nchw ? 1 : 3;
  // Where channel k of output row y starts: (k·plane or k) + y·rowStride.
  const rowStride = nchw ? W : W * 3;
  const chanStride = nchw ? plane : 1;
  for (let y = 0; y < H; y++) {
    const y0 = ys.lo[y] as number;
    const top = y0 < 0 ? null : rows.row(y0, null);
    const bottom = top && !exact ? rows.row(ys.hi[y] as number, top) : top;
    const fy = ys.frac[y] as number;
    const o = y * rowStride;
    for (let k = 0; k < 3; k++) {
      const ok = o + k * chanStride;
      const p = pad[k] as number;
      if (!top || !bottom) {
        fill(data, ok, step, W, p);
        continue;
      }
      fill(data, ok, step, xFrom, p);
      fill(data, ok + xTo * step, step, W - xTo, p);
    }
    if (!top || !bottom) continue;
    const first = o + xFrom * step;
    const count = xTo - xFrom;
    if (exact) {
      for (let k = 0; k < 3; k++) {
        const ok = first + k * chanStride;
        scaleRow(data, ok, step, top, k * W + xFrom, count, mul[k] as number, add[k] as number);
      }
    } else {
      lerpRows3(data, first, chanStride, step, top, bottom, W, xFrom, count, fy, mul, add);
    }
  }

  const dims = nchw ? [1, 3, H, W] : [1, H, W, 3];
  return { tensor: { type: 'float32', data, dims }, transform };
}

// The inner loops, each its own small function so V8 optimises it once for
// every layout and size (one big function kept deoptimising on branches its
// first images never took).

function fill(data: Float32Array, o: number, step: number, count: number, value: number): void {
  for (let i = 0; i < count; i++, o += step) data[o] = value;
}

function scaleRow(
  data: Float32Array,
  o: number,
  step: number,
  row: Float64Array,
  t: number,
  count: number,
  m: number,
  a: number,
): void {
  for (let i = 0; i < count; i++, o += step) data[o] = (row[t + i] as number) * m + a;
}

/** The output range [from, to) whose taps fall inside the image (padding outside it). */
function inside(lo: Int32Array): [number, number] {
  let from = 0;
  while (from < lo.length && (lo[from] as number) < 0) from++;
  let to = from;
  while (to < lo.length && (lo[to] as number) >= 0) to++;
  return [from, to];
}

/**
 * Source rows interpolated horizontally at the output columns [from, to),
 * channel-planar ([k·W + x], in model channel order). Output rows read source
 * rows in non-decreasing order, so two slots hold every row still needed.
 */
class RowCache {
  private readonly slots: [Float64Array, Float64Array];
  private readonly index = [-1, -1];

  constructor(
    private readonly srcW: number,
    private readonly src: Uint8Array | Uint8ClampedArray,
    private readonly xs: { lo: Int32Array; hi: Int32Array; frac: Float32Array },
    private readonly channels: number[],
    private readonly from: number,
    private readonly to: number,
    private readonly exact: boolean,
  ) {
    const W = xs.lo.length;
    this.slots = [new Float64Array(3 * W), new Float64Array(3 * W)];
  }

  /** Row `r`, never computed into `keep` (the other row the caller still reads). */
  row(r: number, keep: Float64Array | null): Float64Array {
    if (this.index[0] === r) return this.slots[0];
    if (this.index[1] === r) return this.slots[1];
    const slot = this.slots[0] === keep ? 1 : 0;
    this.index[slot] = r;
    const row = this.slots[slot];
    const { lo, hi, frac } = this.xs;
    const { src, from, to } = this;
    const W = lo.length;
    const base = r * this.srcW * 4;
    if (!this.exact) {
      lerpRow3(row, W, src, base, this.channels, lo, hi, frac, from, to);
      return row;
    }
    for (let k = 0; k < 3; k++) {
      const c = base + (this.channels[k] as number);
      copyRow(row, k * W, src, c, lo, from, to);
    }
    return row;
  }
}

function copyRow(
  row: Float64Array,
  t0: number,
  src: Uint8Array | Uint8ClampedArray,
  c: number,
  lo: Int32Array,
  from: number,
  to: number,
): void {
  for (let x = from; x < to; x++) row[t0 + x] = src[c + (lo[x] as number) * 4] as number;
}

/**
 * `v0 + (v1 − v0)·fx` at each output column, for the three channels at once:
 * the horizontal lerp of one source row. `hi` follows from `lo`, so a run of
 * columns between the same two source pixels loads them once.
 */
function lerpRow3(
  row: Float64Array,
  W: number,
  src: Uint8Array | Uint8ClampedArray,
  base: number,
  channels: number[],
  lo: Int32Array,
  hi: Int32Array,
  frac: Float32Array,
  from: number,
  to: number,
): void {
  const c0 = base + (channels[0] as number);
  const c1 = base + (channels[1] as number);
  const c2 = base + (channels[2] as number);
  let at = -1;
  // The left source pixel of the current run and the step to the right one, per channel.
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  for (let x = from; x < to; x++) {
    const l = lo[x] as number;
    if (l !== at) {
      at = l;
      const p = l * 4;
      const q = (hi[x] as number) * 4;
      a0 = src[c0 + p] as number;
      a1 = src[c1 + p] as number;
      a2 = src[c2 + p] as number;
      d0 = (src[c0 + q] as number) - a0;
      d1 = (src[c1 + q] as number) - a1;
      d2 = (src[c2 + q] as number) - a2;
    }
    const f = frac[x] as number;
    row[x] = a0 + d0 * f;
    row[W + x] = a1 + d1 * f;
    row[2 * W + x] = a2 + d2 * f;
  }
}

/**
 * `(top + (bottom − top)·fy)·m + a` for the three channels at once: the
 * vertical lerp and normalisation of one output row. Channel k is at
 * `o + k·chanStride` in the output and at `k·W` in the interpolated rows.
 */
function lerpRows3(
  data: Float32Array,
  o: number,
  chanStride: number,
  step: number,
  top: Float64Array,
  bottom: Float64Array,
  W: number,
  t: number,
  count: number,
  fy: number,
  mul: number[],
  add: number[],
): void {
  const [m0, m1, m2] = mul as [number, number, number];
  const [a0, a1, a2] = add as [number, number, number];
  const o1 = chanStride;
  const o2 = 2 * chanStride;
  const t1 = t + W;
  const t2 = t + 2 * W;
  for (let i = 0; i < count; i++, o += step) {
    const v0 = top[t + i] as number;
    const v1 = top[t1 + i] as number;
    const v2 = top[t2 + i] as number;
    data[o] = (v0 + ((bottom[t + i] as number) - v0) * fy) * m0 + a0;
    data[o + o1] = (v1 + ((bottom[t1 + i] as number) - v1) * fy) * m1 + a1;
    data[o + o2] = (v2 + ((bottom[t2 + i] as number) - v2) * fy) * m2 + a2;
  }
}
