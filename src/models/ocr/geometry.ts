// Small plane-geometry helpers for text regions (what OpenCV's convexHull,
// minAreaRect and PaddleOCR's point ordering do, for the sizes OCR needs).
import type { Point, Quad } from './types';

const cross = (o: Point, a: Point, b: Point) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-down terms, no collinear points. */
export function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** A rotated rectangle: its corners (clockwise from top-left) and side lengths. */
export interface RotatedRect {
  corners: Quad;
  width: number;
  height: number;
}

/**
 * Minimum-area enclosing rectangle of a point set. The optimum has a side on a
 * hull edge, so trying each edge direction (rotating calipers, brute force) is exact.
 */
export function minAreaRect(points: Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) throw new Error('minAreaRect needs at least one point');
  let best: {
    area: number;
    u: Point;
    minU: number;
    maxU: number;
    minV: number;
    maxV: number;
  } | null = null;
  const edges = hull.length === 1 ? 1 : hull.length;
  for (let i = 0; i < edges; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const u: Point = len > 0 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [1, 0];
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * u[0] + p[1] * u[1];
      const pv = -p[0] * u[1] + p[1] * u[0];
      minU = Math.min(minU, pu);
      maxU = Math.max(maxU, pu);
      minV = Math.min(minV, pv);
      maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (!best || area < best.area - 1e-9) best = { area, u, minU, maxU, minV, maxV };
  }
  const { u, minU, maxU, minV, maxV } = best!;
  const at = (pu: number, pv: number): Point => [pu * u[0] - pv * u[1], pu * u[1] + pv * u[0]];
  const corners = orderQuad([at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)]);
  return { corners, width: maxU - minU, height: maxV - minV };
}

/**
 * PaddleOCR's corner order: the two leftmost points give top-left/bottom-left
 * (by y), the other two top-right/bottom-right. For a rectangle this is always
 * a clockwise cycle starting at the visually upper-left corner.
 */
export function orderQuad(points: Point[]): Quad {
  if (points.length !== 4) throw new Error(`a quad needs 4 points, got ${points.length}`);
  const byX = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l0, l1, r0, r1] = byX as Quad;
  const [tl, bl] = l0[1] <= l1[1] ? [l0, l1] : [l1, l0];
  const [tr, br] = r0[1] <= r1[1] ? [r0, r1] : [r1, r0];
  return [tl, tr, br, bl];
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Width along the top/bottom edges and height along the sides (the longer of each pair). */
export function quadSize(quad: Quad): { width: number; height: number } {
  const [p0, p1, p2, p3] = quad;
  return {
    width: Math.max(dist(p0, p1), dist(p3, p2)),
    height: Math.max(dist(p0, p3), dist(p1, p2)),
  };
}

/** Axis-aligned bounds. */
export function quadBounds(quad: Quad): { x: number; y: number; width: number; height: number } {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** True when `p` is inside or on the edge of a convex quad of either winding. */
export function insideConvexQuad(quad: Quad, p: Point): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const c = cross(quad[i]!, quad[(i + 1) % 4]!, p);
    if (Math.abs(c) < 1e-9) continue;
    const s = c > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

const unit = (a: Point, b: Point): Point => {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return len > 0 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [0, 0];
};

/**
 * Moves the left/right sides of a quad outwards by `dx` and the top/bottom by
 * `dy`, each corner along its own two edges (exact for rectangles, close for
 * mild perspective).
 */
export function growQuad(quad: Quad, dx: number, dy: number): Quad {
  const [p0, p1, p2, p3] = quad;
  const top = unit(p0, p1);
  const bottom = unit(p3, p2);
  const left = unit(p0, p3);
  const right = unit(p1, p2);
  const move = (p: Point, u: Point, su: number, v: Point, sv: number): Point => [
    p[0] + su * dx * u[0] + sv * dy * v[0],
    p[1] + su * dx * u[1] + sv * dy * v[1],
  ];
  return [
    move(p0, top, -1, left, -1),
    move(p1, top, 1, right, -1),
    move(p2, bottom, 1, right, 1),
    move(p3, bottom, -1, left, 1),
  ];
}
