import type { PixelPoint } from '../results/geometry';

/** Area enclosed by a simple polygon (shoelace), whatever its orientation. */
export function polygonArea(points: readonly PixelPoint[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as PixelPoint;
    const b = points[(i + 1) % points.length] as PixelPoint;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}
