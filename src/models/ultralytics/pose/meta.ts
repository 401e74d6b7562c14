import type { DecodeOptions } from '../../types';

export const ULTRALYTICS_POSE_FAMILY_ID = 'ultralytics-pose';

/** The 17 COCO person keypoints in the order COCO-trained pose models emit them. */
export const COCO17_KEYPOINT_NAMES: readonly string[] = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
];

/** Ultralytics `predict` defaults (conf 0.25, iou 0.7, max_det 300). */
export const ULTRALYTICS_POSE_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0.7,
  maxDetections: 300,
};

export interface PoseDecodeSettings {
  /** [keypoints, values per keypoint]: 3 = x, y, visibility; 2 = x, y. */
  keypointShape?: [number, number];
}

export function readPoseSettings(decode: Record<string, unknown>): PoseDecodeSettings {
  const shape = decode.keypointShape;
  const valid =
    Array.isArray(shape) &&
    shape.length === 2 &&
    shape.every((v) => Number.isInteger(v) && (v as number) > 0) &&
    (shape[1] === 2 || shape[1] === 3);
  return valid ? { keypointShape: [shape[0] as number, shape[1] as number] } : {};
}

export const POSE_EXPECTS = '[1,4+classes+keypoints×3,N] (Ultralytics -pose)';

/** COCO names for 17 keypoints, else "kp0", "kp1", …. */
export function defaultKeypointNames(count: number): string[] {
  if (count === COCO17_KEYPOINT_NAMES.length) return [...COCO17_KEYPOINT_NAMES];
  return Array.from({ length: count }, (_, i) => `kp${i}`);
}
