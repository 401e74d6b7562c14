import type { DecodeOptions, PreprocessSpec } from '../types';

export const NANODET_FAMILY_ID = 'nanodet';

/** NanoDet: BGR, ImageNet mean/std in 0–255 units, letterbox centred, black padding. */
export function nanodetPreprocess(width: number, height: number): PreprocessSpec {
  return {
    width,
    height,
    resize: 'letterbox',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'BGR',
    layout: 'NCHW',
    scale: 1,
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
  };
}

/** NanoDet demo defaults (score 0.35, nms 0.6). */
export const NANODET_DEFAULTS: DecodeOptions = { confidence: 0.35, iou: 0.6, maxDetections: 300 };

export const NANODET_STRIDES = [8, 16, 32];
/** Bins per box side minus one (GFL distribution: 8 bins → 0..7 strides). */
export const NANODET_REG_MAX = 7;

export interface NanodetDecodeSettings {
  strides: number[];
  regMax: number;
  /** Cell centre = (col + priorOffset)·stride; 0.5 for NanoDet, 0 for NanoDet-Plus. */
  priorOffset: number;
}

export function readDecodeSettings(decode: Record<string, unknown>): NanodetDecodeSettings {
  const { strides, regMax, priorOffset } = decode;
  return {
    strides:
      Array.isArray(strides) &&
      strides.length > 0 &&
      strides.every((s) => typeof s === 'number' && s > 0)
        ? (strides as number[])
        : NANODET_STRIDES,
    regMax: typeof regMax === 'number' && regMax > 0 ? regMax : NANODET_REG_MAX,
    priorOffset: typeof priorOffset === 'number' ? priorOffset : 0.5,
  };
}
