// Keypoint results (fact sheet §3): x,y = the point, width = point size in % of the
// image width. Without `width` the 1.x editor degrades the keypoint to a classification.

import type { LsResult } from './types';
import type { ControlIdentity, PixelPoint } from './geometry';
import { assertImageSize, clamp, imageResultBase, labeledType } from './geometry';

export interface KeypointInput extends ControlIdentity {
  id: string;
  /** Absent → type `keypoint`, present → `keypointlabels`. */
  labels?: string[];
  point: PixelPoint;
  imageWidth: number;
  imageHeight: number;
  /** Point size in % of the image width; default from `defaultKeypointWidth`. */
  width?: number;
  score?: number;
}

/**
 * A point size that stays visible on any image: 0.5 % of the longer side, at least 2 px,
 * expressed in % of the width (≈0.5 for a 640×480 image).
 */
export function defaultKeypointWidth(imageWidth: number, imageHeight: number): number {
  const px = Math.max(2, 0.005 * Math.max(imageWidth, imageHeight));
  return (px / imageWidth) * 100;
}

/**
 * Keypoint result. Points slightly outside the image (common for pose models) are clamped
 * to the border; drop invisible keypoints before calling. Non-finite → null.
 */
export function keypointResult(input: KeypointInput): LsResult | null {
  const { point, imageWidth: W, imageHeight: H } = input;
  assertImageSize(W, H);
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return null;
  const width =
    input.width !== undefined && input.width > 0 && Number.isFinite(input.width)
      ? input.width
      : defaultKeypointWidth(W, H);
  const value: Record<string, unknown> = {
    x: (clamp(point.x, 0, W) / W) * 100,
    y: (clamp(point.y, 0, H) / H) * 100,
    width,
  };
  if (input.labels) value.keypointlabels = [...input.labels];
  return {
    ...imageResultBase(input.id, input, labeledType('keypoint', input.labels), W, H, input.score),
    value,
  };
}
