// Shared pixel → percent helpers for image results (fact sheet §3): every image
// coordinate is a percentage of the ORIGINAL image size, never of a resized tensor.

import type { LsResult } from './types';

/** Who a result belongs to: the control tag's `name` and one of its `toName` objects. */
export interface ControlIdentity {
  fromName: string;
  toName: string;
}

export interface PixelPoint {
  x: number;
  y: number;
}

/** Axis-aligned box, top-left corner and size, in original image pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

export function assertImageSize(imageWidth: number, imageHeight: number): void {
  if (!(imageWidth > 0 && imageHeight > 0 && isFinite(imageWidth) && isFinite(imageHeight))) {
    throw new RangeError(`invalid image size ${imageWidth}x${imageHeight}`);
  }
}

/** The fields every image result carries besides `value`. */
export function imageResultBase(
  id: string,
  identity: ControlIdentity,
  type: string,
  imageWidth: number,
  imageHeight: number,
  score: number | undefined,
): Omit<LsResult, 'value'> {
  const base: Omit<LsResult, 'value'> = {
    id,
    from_name: identity.fromName,
    to_name: identity.toName,
    type,
    original_width: imageWidth,
    original_height: imageHeight,
    image_rotation: 0,
  };
  if (score !== undefined && Number.isFinite(score)) base.score = score;
  return base;
}

/** Adds `score` when it is a finite number (JSON has no NaN). */
export function withScore(result: LsResult, score: number | undefined): LsResult {
  if (score !== undefined && Number.isFinite(score)) result.score = score;
  return result;
}

/** `type` for a geometry control: the `*labels` variant when labels are given. */
export function labeledType(base: string, labels: readonly string[] | undefined): string {
  return labels ? `${base}labels` : base;
}
