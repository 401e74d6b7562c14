// Rectangle results (fact sheet §3): x,y = top-left corner, rotation in degrees
// clockwise about that corner. Rotation is applied in PIXEL space because the two
// percent axes have different scales.

import type { LsResult } from './types';
import type { ControlIdentity, PixelBox, PixelPoint } from './geometry';
import { assertImageSize, clamp, imageResultBase, labeledType } from './geometry';

/** A possibly rotated rectangle in pixels, in Label Studio's convention. */
export interface PixelRectangle extends PixelBox {
  /** Degrees, clockwise on screen (y points down), about the top-left corner. */
  rotation: number;
}

export interface RectangleInput extends ControlIdentity {
  id: string;
  /** Absent → type `rectangle` (`<Rectangle>`), present → `rectanglelabels`. */
  labels?: string[];
  box: PixelBox;
  /** Degrees clockwise about the box's top-left corner. */
  rotation?: number;
  imageWidth: number;
  imageHeight: number;
  score?: number;
}

/** Degrees into [0, 360). */
export function normalizeDegrees(deg: number): number {
  const r = ((deg % 360) + 360) % 360;
  return r >= 360 || Object.is(r, -0) ? 0 : r;
}

/**
 * The 4 corners (pixels) of a Label Studio rectangle, the way Label Studio's converter
 * computes them: top-left, top-right, bottom-right, bottom-left before rotation.
 */
export function rectangleCorners(
  rect: PixelRectangle,
): [PixelPoint, PixelPoint, PixelPoint, PixelPoint] {
  const t = (rect.rotation * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const { x, y, width: w, height: h } = rect;
  return [
    { x, y },
    { x: x + w * cos, y: y + w * sin },
    { x: x + w * cos - h * sin, y: y + w * sin + h * cos },
    { x: x - h * sin, y: y + h * cos },
  ];
}

/**
 * Oriented box (centre, size, angle in radians turning the width axis from +x towards
 * +y, i.e. clockwise on screen — the OpenCV / Ultralytics `xywhr` convention) → Label
 * Studio rectangle in pixels: top-left corner of the unrotated box plus the same angle
 * in degrees, so `rectangleCorners` reproduces the box's corners.
 */
export function orientedBoxToRectangle(
  cx: number,
  cy: number,
  w: number,
  h: number,
  angleRad: number,
): PixelRectangle {
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  // top-left = centre + R(angle) · (-w/2, -h/2)
  return {
    x: cx - (w / 2) * cos + (h / 2) * sin,
    y: cy - (w / 2) * sin - (h / 2) * cos,
    width: w,
    height: h,
    rotation: normalizeDegrees((angleRad * 180) / Math.PI),
  };
}

const INSIDE_TOLERANCE_PX = 1e-6;

/**
 * A rotated rectangle has four equivalent encodings (any corner as anchor, rotation + k·90°,
 * width/height swapped for odd k). Pick one whose anchor lies in the image so x,y stay in
 * 0..100 without moving the box; if none does, clamp the anchor (the box shifts slightly).
 * Returns null when the box's bounds miss the image entirely.
 */
function placeRotated(
  rect: PixelRectangle,
  imageWidth: number,
  imageHeight: number,
): PixelRectangle | null {
  const corners = rectangleCorners(rect);
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  if (
    Math.max(...xs) <= 0 ||
    Math.min(...xs) >= imageWidth ||
    Math.max(...ys) <= 0 ||
    Math.min(...ys) >= imageHeight
  ) {
    return null;
  }
  const inside = (p: PixelPoint) =>
    p.x >= -INSIDE_TOLERANCE_PX &&
    p.x <= imageWidth + INSIDE_TOLERANCE_PX &&
    p.y >= -INSIDE_TOLERANCE_PX &&
    p.y <= imageHeight + INSIDE_TOLERANCE_PX;
  let k = corners.findIndex(inside);
  if (k < 0) k = 0;
  const anchor = corners[k] as PixelPoint;
  const odd = k % 2 === 1;
  return {
    x: clamp(anchor.x, 0, imageWidth),
    y: clamp(anchor.y, 0, imageHeight),
    width: odd ? rect.height : rect.width,
    height: odd ? rect.width : rect.height,
    rotation: normalizeDegrees(rect.rotation + 90 * k),
  };
}

/**
 * Rectangle result in percent of the original image. Axis-aligned boxes are clipped to the
 * image; rotated ones are kept whole (a clipped rotated box is no longer a rectangle).
 * Returns null for empty, non-finite or fully outside boxes.
 */
export function rectangleResult(input: RectangleInput): LsResult | null {
  const { box, imageWidth: W, imageHeight: H } = input;
  assertImageSize(W, H);
  const rotation = normalizeDegrees(input.rotation ?? 0);
  if (![box.x, box.y, box.width, box.height, rotation].every(Number.isFinite)) return null;
  if (!(box.width > 0 && box.height > 0)) return null;

  let rect: PixelRectangle | null;
  if (rotation === 0) {
    const x1 = clamp(box.x, 0, W);
    const y1 = clamp(box.y, 0, H);
    const x2 = clamp(box.x + box.width, 0, W);
    const y2 = clamp(box.y + box.height, 0, H);
    rect =
      x2 > x1 && y2 > y1 ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1, rotation: 0 } : null;
  } else {
    rect = placeRotated({ ...box, rotation }, W, H);
  }
  if (!rect) return null;

  const width = (rect.width / W) * 100;
  const height = (rect.height / H) * 100;
  if (!(width > 0 && height > 0)) return null; // sub-denormal sizes underflow to 0

  const type = labeledType('rectangle', input.labels);
  const value: Record<string, unknown> = {
    x: (rect.x / W) * 100,
    y: (rect.y / H) * 100,
    width,
    height,
    rotation: rect.rotation,
  };
  if (input.labels) value.rectanglelabels = [...input.labels];
  return { ...imageResultBase(input.id, input, type, W, H, input.score), value };
}
