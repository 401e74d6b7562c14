import type { DecodeOptions, PreprocessSpec } from '../types';

export const YUNET_FAMILY_ID = 'yunet';

/** YuNet's five landmarks, in output order (the subject's right/left). */
export const YUNET_KEYPOINT_NAMES: readonly string[] = [
  'right_eye',
  'left_eye',
  'nose',
  'right_mouth_corner',
  'left_mouth_corner',
];

export const YUNET_STRIDES = [8, 16, 32];

/**
 * OpenCV's FaceDetectorYN feeds BGR 0–255 with no normalisation and pads the
 * bottom/right with zeros to a multiple of 32: a top-left letterbox with black
 * padding does the same for any image. Width and height must be multiples of 32.
 */
export function yunetPreprocess(width = 640, height = 640): PreprocessSpec {
  return {
    width,
    height,
    resize: 'letterbox',
    anchor: 'top-left',
    padValue: 0,
    channelOrder: 'BGR',
    layout: 'NCHW',
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  };
}

/** OpenCV's demo uses 0.9 / 0.3; a lower score keeps profile and small faces as suggestions. */
export const YUNET_DEFAULTS: DecodeOptions = { confidence: 0.6, iou: 0.3, maxDetections: 300 };

export const YUNET_EXPECTS =
  'outputs cls_S [1,N,1], obj_S [1,N,1], bbox_S [1,N,4], kps_S [1,N,10] for strides S = 8, 16, 32 (YuNet)';

export function readStrides(decode: Record<string, unknown>): number[] {
  const s = decode.strides;
  return Array.isArray(s) &&
    s.length > 0 &&
    s.every((v) => Number.isInteger(v) && (v as number) > 0)
    ? (s as number[])
    : [...YUNET_STRIDES];
}
