import { preprocessImage } from '../shared/preprocess';
import type { PreprocessSpec, RgbaImage, TensorData } from '../types';

const STRIDE = 32;

export interface DetSizeLimits {
  /** Images whose longer side exceeds this are shrunk to it (PaddleOCR limit_type 'max'). */
  limitSideLen: number;
  /** Smaller images are enlarged until the shorter side reaches this… (0: never enlarge). */
  minSideLen: number;
  /** …but by at most this factor. */
  maxUpscale: number;
}

/**
 * The detector input size. Large images follow PaddleOCR's inference default
 * (longer side ≤ limitSideLen). Small ones stay as they are unless
 * `minSideLen` asks for enlarging (PaddleOCR's evaluation setting is a shorter
 * side of 736): that finds some text in small, soft photos but reads crisp
 * text worse and runs the detector on many more pixels, so the pipeline only
 * asks for it on a second look at images where nothing was found
 * (`retryMinSideLen`). Sides snap to multiples of 32, the detector's total stride.
 */
export function detInputSize(
  width: number,
  height: number,
  limits: DetSizeLimits,
): { width: number; height: number } {
  const longSide = Math.max(width, height);
  const shortSide = Math.min(width, height);
  let ratio = 1;
  if (longSide > limits.limitSideLen) ratio = limits.limitSideLen / longSide;
  else if (shortSide < limits.minSideLen)
    ratio = Math.min(limits.minSideLen / shortSide, limits.maxUpscale);
  const snap = (side: number) =>
    Math.max(Math.round(Math.trunc(side * ratio) / STRIDE) * STRIDE, STRIDE);
  return { width: snap(width), height: snap(height) };
}

/** The detector input: stretched to `detInputSize`, BGR, ImageNet mean/std in B,G,R order. */
export function preprocessDet(
  image: RgbaImage,
  limits: DetSizeLimits,
  spec: PreprocessSpec,
): TensorData {
  const size = detInputSize(image.width, image.height, limits);
  return preprocessImage(image, { ...spec, ...size, resize: 'stretch' }).tensor;
}
