// How small a JPEG may be decoded for a model's input. JPEG decoders can
// decode at k/8 of the stored size straight from the DCT coefficients, which
// for a photo several times the model's input is several times cheaper than
// a full decode followed by a resize (measured in this Chromium: 1920×1280 →
// 720×480 in a third to a half of the time, pixels read back included).

import type { PreprocessSpec } from '../models/types';

export type DecodeTarget = Pick<PreprocessSpec, 'width' | 'height' | 'resize' | 'cropRatio'> & {
  /**
   * Read the pixels back already at the scale the input needs (the canvas
   * resizes in native code; preprocessing then only converts). For models
   * whose output is boxes, points or labels; masks keep the decoded detail.
   */
  atInputScale?: boolean;
};

/** The scale (decoded / stored) below which preprocessing would have to enlarge the image. */
export function neededScale(target: DecodeTarget, width: number, height: number): number {
  const sx = target.width / width;
  const sy = target.height / height;
  if (target.resize === 'letterbox') return Math.min(sx, sy);
  // stretch fills both sides; crop resizes the short side to input / cropRatio.
  const fill = Math.max(sx, sy);
  return target.resize === 'crop' ? fill / (target.cropRatio ?? 1) : fill;
}

/** The smallest k (1–8) with k/8 ≥ `scale`: 8 means decode at full size. */
export function jpegEighths(scale: number): number {
  return Math.min(8, Math.max(1, Math.ceil(scale * 8 - 1e-9)));
}

/**
 * The size to ask the decoder for. Chromium picks the largest k/8 whose
 * decoded area fits the asked area, so asking for exactly k/8 (rounded up,
 * as libjpeg rounds) gets k/8.
 */
export function scaledJpegSize(
  width: number,
  height: number,
  eighths: number,
): { width: number; height: number } {
  return { width: Math.ceil((width * eighths) / 8), height: Math.ceil((height * eighths) / 8) };
}

/** The size to read decoded pixels back at: the input's scale when asked for and smaller. */
export function readBackSize(
  width: number,
  height: number,
  target: DecodeTarget | undefined,
): { width: number; height: number } {
  if (!target?.atInputScale) return { width, height };
  const scale = neededScale(target, width, height);
  if (scale >= 1) return { width, height };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
