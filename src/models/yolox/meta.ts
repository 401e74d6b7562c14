import type { DecodeOptions, PreprocessSpec } from '../types';

export const YOLOX_FAMILY_ID = 'yolox';

/** Megvii YOLOX (≥0.2): BGR, raw 0–255, letterbox at top-left, pad 114. */
export function yoloxPreprocess(width: number, height: number): PreprocessSpec {
  return {
    width,
    height,
    resize: 'letterbox',
    anchor: 'top-left',
    padValue: 114,
    channelOrder: 'BGR',
    layout: 'NCHW',
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  };
}

/** YOLOX demo defaults (conf 0.3, nms 0.45). */
export const YOLOX_DEFAULTS: DecodeOptions = { confidence: 0.3, iou: 0.45, maxDetections: 300 };

export const YOLOX_STRIDES = [8, 16, 32];

export interface YoloxDecodeSettings {
  strides: number[];
  /** True for exports made with decode_in_inference (boxes already in input px). */
  decoded: boolean;
}

export function readDecodeSettings(decode: Record<string, unknown>): YoloxDecodeSettings {
  const strides = decode.strides;
  return {
    strides:
      Array.isArray(strides) &&
      strides.length > 0 &&
      strides.every((s) => typeof s === 'number' && s > 0)
        ? (strides as number[])
        : YOLOX_STRIDES,
    decoded: decode.decoded === true,
  };
}
