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
  const [c0, c1, c2] = srcChannel as [number, number, number];
  const [m0, m1, m2] = mul as [number, number, number];
  const [a0, a1, a2] = add as [number, number, number];
  const [p0, p1, p2] = pad as [number, number, number];

  const xs = axisTaps(W, srcW, transform.scaleX, transform.padX);
  const ys = axisTaps(H, srcH, transform.scaleY, transform.padY);
  const nchw = spec.layout === 'NCHW';
  // Stride between a pixel's channels and between neighbouring pixels.
  const chStride = nchw ? plane : 1;
  const pxStride = nchw ? 1 : 3;
  const exact = transform.scaleX === 1 && transform.scaleY === 1;
  const padAt = (o: number) => {
    data[o] = p0;
    data[o + chStride] = p1;
    data[o + 2 * chStride] = p2;
  };

  for (let y = 0; y < H; y++) {
    const y0 = ys.lo[y] as number;
    let o = y * W * pxStride;
    if (y0 < 0) {
      for (let x = 0; x < W; x++, o += pxStride) padAt(o);
      continue;
    }
    const rowA = y0 * srcW * 4;
    if (exact) {
      // Already at the input's scale (e.g. read back so by the decoder): no interpolation.
      for (let x = 0; x < W; x++, o += pxStride) {
        const x0 = xs.lo[x] as number;
        if (x0 < 0) {
          padAt(o);
          continue;
        }
        const i = rowA + x0 * 4;
        data[o] = (src[i + c0] as number) * m0 + a0;
        data[o + chStride] = (src[i + c1] as number) * m1 + a1;
        data[o + 2 * chStride] = (src[i + c2] as number) * m2 + a2;
      }
      continue;
    }
    const rowB = (ys.hi[y] as number) * srcW * 4;
    const fy = ys.frac[y] as number;
    for (let x = 0; x < W; x++, o += pxStride) {
      const x0 = xs.lo[x] as number;
      if (x0 < 0) {
        padAt(o);
        continue;
      }
      const fx = xs.frac[x] as number;
      const i00 = rowA + x0 * 4;
      const i01 = rowA + (xs.hi[x] as number) * 4;
      const i10 = rowB + x0 * 4;
      const i11 = rowB + (xs.hi[x] as number) * 4;
      data[o] = bilinear(src, i00 + c0, i01 + c0, i10 + c0, i11 + c0, fx, fy) * m0 + a0;
      data[o + chStride] = bilinear(src, i00 + c1, i01 + c1, i10 + c1, i11 + c1, fx, fy) * m1 + a1;
      data[o + 2 * chStride] =
        bilinear(src, i00 + c2, i01 + c2, i10 + c2, i11 + c2, fx, fy) * m2 + a2;
    }
  }

  const dims = nchw ? [1, 3, H, W] : [1, H, W, 3];
  return { tensor: { type: 'float32', data, dims }, transform };
}

function bilinear(
  src: Uint8Array | Uint8ClampedArray,
  i00: number,
  i01: number,
  i10: number,
  i11: number,
  fx: number,
  fy: number,
): number {
  const v00 = src[i00] as number;
  const v10 = src[i10] as number;
  const top = v00 + ((src[i01] as number) - v00) * fx;
  const bottom = v10 + ((src[i11] as number) - v10) * fx;
  return top + (bottom - top) * fy;
}
