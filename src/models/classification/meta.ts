import type { DecodeOptions, PreprocessSpec } from '../types';

export const CLASSIFICATION_FAMILY_ID = 'classification';

/**
 * torchvision / ONNX model zoo ImageNet pipeline: short side to 256, centre
 * crop 224 (cropRatio 0.875), RGB /255, ImageNet mean/std, NCHW.
 */
export function imagenetPreprocess(
  width = 224,
  height = 224,
  layout: PreprocessSpec['layout'] = 'NCHW',
): PreprocessSpec {
  return {
    width,
    height,
    resize: 'crop',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'RGB',
    layout,
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    cropRatio: 0.875,
  };
}

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

/**
 * `confidence`: other classes reported besides the top one (and the
 * multiple-choice threshold); `maxDetections`: how many classes at most.
 * `iou` is unused.
 */
export const CLASSIFICATION_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0,
  maxDetections: 5,
};

/**
 * How scores become probabilities. `auto`: softmax unless the values already
 * look like a distribution (all in 0..1 and summing to 1); a multi-label
 * model with independent sigmoid outputs must say `none` (or `sigmoid` for logits).
 */
export type ClassActivation = 'auto' | 'softmax' | 'sigmoid' | 'none';

export function readActivation(decode: Record<string, unknown>): ClassActivation {
  const a = decode.activation;
  return a === 'softmax' || a === 'sigmoid' || a === 'none' ? a : 'auto';
}

export const CLASSIFICATION_EXPECTS = 'one output [1,classes] of scores (image classification)';
