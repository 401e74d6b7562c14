// Douglas–Peucker simplification of a closed polygon (iterative, no recursion).
import type { PixelPoint } from '../results/geometry';

/** Distance from p to the segment a–b. */
function segmentDistance(p: PixelPoint, a: PixelPoint, b: PixelPoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p.x - a.x, p.y - a.y);
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Marks the vertices of the open chain points[from..to] that DP keeps. */
function markChain(
  points: PixelPoint[],
  from: number,
  to: number,
  tolerance: number,
  keep: Uint8Array,
) {
  const stack: [number, number][] = [[from, to]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = a + 1; i < b; i++) {
      const dist = segmentDistance(
        points[i] as PixelPoint,
        points[a] as PixelPoint,
        points[b] as PixelPoint,
      );
      if (dist > worstDistance) {
        worst = i;
        worstDistance = dist;
      }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push([a, worst], [worst, b]);
  }
}

/**
 * Keeps the vertices needed so that no dropped vertex lies farther than
 * `tolerance` from the simplified outline. The ring is split at its first
 * vertex and the vertex farthest from it, and each half simplified. A result
 * with fewer than 3 vertices (a shape smaller than the tolerance) returns the
 * input unchanged, so a tiny region keeps its outline instead of vanishing.
 */
export function simplifyClosedPolygon(
  points: readonly PixelPoint[],
  tolerance: number,
): PixelPoint[] {
  const n = points.length;
  if (n <= 3 || !(tolerance > 0)) return [...points];
  const first = points[0] as PixelPoint;
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < n; i++) {
    const p = points[i] as PixelPoint;
    const dist = Math.hypot(p.x - first.x, p.y - first.y);
    if (dist > farDistance) {
      far = i;
      farDistance = dist;
    }
  }
  // Closed ring as an open chain: points[0..n], point n repeating point 0.
  const ring = [...points, first];
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  markChain(ring, 0, far, tolerance, keep);
  markChain(ring, far, n, tolerance, keep);
  const out = points.filter((_, i) => keep[i] === 1);
  return out.length >= 3 ? out : [...points];
}
