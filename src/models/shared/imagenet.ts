// The ImageNet input pipeline, shared by the classification family (a bare
// classifier's input) and the image-head family (a backbone's features).
import type { PreprocessSpec } from '../types';

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
