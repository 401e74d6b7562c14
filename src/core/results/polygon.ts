// Polygon results (fact sheet §3): points as [x%, y%] of the original image.

import type { LsResult } from './types';
import type { ControlIdentity, PixelPoint } from './geometry';
import { assertImageSize, clamp, imageResultBase, labeledType } from './geometry';

export interface PolygonInput extends ControlIdentity {
  id: string;
  /** Absent → type `polygon`, present → `polygonlabels`. */
  labels?: string[];
  /** Vertices in original image pixels. */
  points: readonly PixelPoint[];
  imageWidth: number;
  imageHeight: number;
  score?: number;
}

/** Twice the signed area (shoelace); 0 for degenerate outlines. */
function doubledArea(points: readonly PixelPoint[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as PixelPoint;
    const b = points[(i + 1) % points.length] as PixelPoint;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum;
}

/**
 * Polygon result. Vertices are clamped to the image (a vertex outside is pulled to the
 * border) and consecutive duplicates dropped; fewer than 3 vertices or zero area → null.
 */
export function polygonResult(input: PolygonInput): LsResult | null {
  const { imageWidth: W, imageHeight: H } = input;
  assertImageSize(W, H);
  const clamped: PixelPoint[] = [];
  for (const p of input.points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) return null;
    const q = { x: clamp(p.x, 0, W), y: clamp(p.y, 0, H) };
    const prev = clamped[clamped.length - 1];
    if (!prev || prev.x !== q.x || prev.y !== q.y) clamped.push(q);
  }
  const first = clamped[0];
  const last = clamped[clamped.length - 1];
  if (first && last && clamped.length > 1 && first.x === last.x && first.y === last.y) {
    clamped.pop(); // closed rings repeat the first vertex; Label Studio closes polygons itself
  }
  if (clamped.length < 3 || doubledArea(clamped) === 0) return null;

  const value: Record<string, unknown> = {
    points: clamped.map((p) => [(p.x / W) * 100, (p.y / H) * 100]),
  };
  if (input.labels) value.polygonlabels = [...input.labels];
  return {
    ...imageResultBase(input.id, input, labeledType('polygon', input.labels), W, H, input.score),
    value,
  };
}
