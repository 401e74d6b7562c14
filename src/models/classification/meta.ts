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

export { CLASSIFICATION_EXPECTS, readActivation } from '../shared/class-decode';
export type { ClassActivation } from '../shared/class-decode';
