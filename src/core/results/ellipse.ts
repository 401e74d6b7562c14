// Ellipse results (fact sheet §3): x,y = CENTRE, radiusX in % of width, radiusY in %
// of height; strict validation rejects a radius above 50.

import type { LsResult } from './types';
import type { ControlIdentity, PixelPoint } from './geometry';
import { assertImageSize, clamp, imageResultBase, labeledType } from './geometry';
import { normalizeDegrees } from './rectangle';

export interface EllipseInput extends ControlIdentity {
  id: string;
  /** Absent → type `ellipse`, present → `ellipselabels`. */
  labels?: string[];
  center: PixelPoint;
  radiusX: number;
  radiusY: number;
  /** Degrees clockwise about the centre. */
  rotation?: number;
  imageWidth: number;
  imageHeight: number;
  score?: number;
}

const MAX_RADIUS_PERCENT = 50;

/**
 * Ellipse result. The centre is clamped into the image and each radius to ≤ 50 %;
 * non-positive or non-finite radii → null.
 */
export function ellipseResult(input: EllipseInput): LsResult | null {
  const { center, radiusX, radiusY, imageWidth: W, imageHeight: H } = input;
  assertImageSize(W, H);
  const rotation = normalizeDegrees(input.rotation ?? 0);
  if (![center.x, center.y, radiusX, radiusY, rotation].every(Number.isFinite)) return null;
  if (!(radiusX > 0 && radiusY > 0)) return null;
  const value: Record<string, unknown> = {
    x: (clamp(center.x, 0, W) / W) * 100,
    y: (clamp(center.y, 0, H) / H) * 100,
    radiusX: Math.min((radiusX / W) * 100, MAX_RADIUS_PERCENT),
    radiusY: Math.min((radiusY / H) * 100, MAX_RADIUS_PERCENT),
    rotation,
  };
  if (input.labels) value.ellipselabels = [...input.labels];
  return {
    ...imageResultBase(input.id, input, labeledType('ellipse', input.labels), W, H, input.score),
    value,
  };
}
