// Outer boundary of one connected component, traced along pixel EDGES (crack
// following): vertices are pixel corners, so the polygon's area equals the
// component's pixel count plus its holes, and a 1-pixel blob is a unit square.
import type { PixelPoint } from '../results/geometry';
import type { Connectivity } from './components';

// Directions in screen coordinates (y down), clockwise: east, south, west, north.
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;
// Offsets from a vertex to the pixel ahead on the right / ahead on the left of each direction.
const RIGHT_AHEAD = [
  [0, 0],
  [-1, 0],
  [-1, -1],
  [0, -1],
] as const;
const LEFT_AHEAD = [
  [0, -1],
  [0, 0],
  [-1, 0],
  [-1, -1],
] as const;

/**
 * Traces clockwise (on screen) around the component whose pixels have value
 * `label` in `labels`, starting at its first pixel in raster order (which is on
 * the outer boundary, so holes are never entered). Only corners are returned:
 * straight runs collapse to their end points. With connectivity 8 the trace
 * passes through pixels touching at a corner, as the labeling joined them.
 */
export function traceOuterContour(
  labels: ArrayLike<number>,
  width: number,
  height: number,
  label: number,
  start: number,
  connectivity: Connectivity = 8,
): PixelPoint[] {
  const inside = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < width && y < height && labels[y * width + x] === label;
  const sx = start % width;
  const sy = (start - sx) / width;
  if (!inside(sx, sy)) throw new RangeError(`pixel ${start} is not in component ${label}`);

  // The start pixel's top-left corner: nothing above or left of it is inside,
  // so the boundary turns here (arriving northwards, leaving eastwards).
  const points: PixelPoint[] = [{ x: sx, y: sy }];
  let vx = sx;
  let vy = sy;
  let d = 0;
  // Each pixel edge is walked at most once: 4 per pixel bounds the loop.
  const maxSteps = 4 * width * height + 4;
  for (let step = 0; step < maxSteps; step++) {
    vx += DX[d] as number;
    vy += DY[d] as number;
    if (vx === sx && vy === sy) return points;
    const r = RIGHT_AHEAD[d] as readonly [number, number];
    const l = LEFT_AHEAD[d] as readonly [number, number];
    const right = inside(vx + r[0], vy + r[1]);
    const left = inside(vx + l[0], vy + l[1]);
    let next = d;
    if (left && (right || connectivity === 8)) next = (d + 3) % 4;
    else if (!right) next = (d + 1) % 4;
    if (next !== d) {
      points.push({ x: vx, y: vy });
      d = next;
    }
  }
  throw new Error('contour tracing did not close (corrupt label map)');
}
