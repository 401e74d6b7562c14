import type { DecodeOptions, PreprocessSpec } from '../types';

export const SEMANTIC_SEG_FAMILY_ID = 'semantic-seg';

/** PASCAL VOC 2012 segmentation classes (index 0 = background), as VOC-trained models emit them. */
export const VOC21_CLASS_NAMES: readonly string[] = [
  'background',
  'aeroplane',
  'bicycle',
  'bird',
  'boat',
  'bottle',
  'bus',
  'car',
  'cat',
  'chair',
  'cow',
  'diningtable',
  'dog',
  'horse',
  'motorbike',
  'person',
  'pottedplant',
  'sheep',
  'sofa',
  'train',
  'tvmonitor',
];

/** TensorFlow DeepLab: stretched to the input, RGB, x/127.5 − 1, NHWC. */
export function tfSegmentationPreprocess(width: number, height: number): PreprocessSpec {
  return {
    width,
    height,
    resize: 'stretch',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'RGB',
    layout: 'NHWC',
    scale: 1 / 127.5,
    mean: [1, 1, 1],
    std: [1, 1, 1],
  };
}

/** torchvision segmentation models: stretched, RGB /255, ImageNet mean/std, NCHW. */
export function torchSegmentationPreprocess(width: number, height: number): PreprocessSpec {
  return {
    width,
    height,
    resize: 'stretch',
    anchor: 'center',
    padValue: 0,
    channelOrder: 'RGB',
    layout: 'NCHW',
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  };
}

/**
 * `confidence`: a class region's mean pixel probability must reach it;
 * `maxDetections`: regions (classes) per image. `iou` is unused.
 */
export const SEMANTIC_SEG_DEFAULTS: DecodeOptions = {
  confidence: 0.3,
  iou: 0,
  maxDetections: 100,
};

export interface SemanticDecodeSettings {
  /** Where the class axis is; guessed from the class count when absent. */
  layout?: 'NHWC' | 'NCHW';
  /** The class never emitted (background); null keeps every class. Default 0. */
  backgroundIndex: number | null;
  /** A class covering less than this fraction of the image is dropped (default 0.001). */
  minAreaFraction: number;
}

export function readSemanticSettings(decode: Record<string, unknown>): SemanticDecodeSettings {
  const { layout, backgroundIndex, minAreaFraction } = decode;
  return {
    layout: layout === 'NHWC' || layout === 'NCHW' ? layout : undefined,
    backgroundIndex:
      backgroundIndex === null ? null : typeof backgroundIndex === 'number' ? backgroundIndex : 0,
    minAreaFraction: typeof minAreaFraction === 'number' ? minAreaFraction : 0.001,
  };
}

export const SEMANTIC_EXPECTS =
  'one output of per-pixel class scores [1,H,W,classes] or [1,classes,H,W] (semantic segmentation)';
