import type { DecodeOptions, PreprocessSpec } from '../../types';

export const ULTRALYTICS_CLS_FAMILY_ID = 'ultralytics-cls';

/** Ultralytics -cls: short side to the input size, centre crop, /255, no mean/std. */
export function ultralyticsClassifyPreprocess(width: number, height: number): PreprocessSpec {
  return {
    width,
    height,
    resize: 'crop',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'RGB',
    layout: 'NCHW',
    scale: 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    cropRatio: 1,
  };
}

/** As the classification family: other classes over 0.25, at most 5 (iou unused). */
export const ULTRALYTICS_CLS_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0,
  maxDetections: 5,
};
