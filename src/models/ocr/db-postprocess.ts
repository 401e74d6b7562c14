// PaddleOCR's DBPostProcess (box_type 'quad', score_mode 'fast') without OpenCV:
// threshold the probability map, take each 8-connected blob, fit its
// minimum-area rectangle, score it, grow it back ("unclip") and map it to the
// original image.
import { growQuad, insideConvexQuad, minAreaRect, orderQuad, quadSize } from './geometry';
import type { DbOptions } from './meta';
import { bentLineStrip, type BlobColumns } from './strip';
import type { DetectedQuad, Point, Quad } from './types';

export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Text regions of a DB probability map, in ORIGINAL image pixels (`srcWidth` ×
 * `srcHeight`), unordered. Pixel (i, j) of the map is taken at its centre
 * (i + 0.5, j + 0.5) so boxes stay centred when scaled back up.
 */
export function dbPostprocess(
  map: ProbabilityMap,
  srcWidth: number,
  srcHeight: number,
  options: DbOptions,
): DetectedQuad[] {
  const { width: W, height: H, data } = map;
  if (data.length < W * H)
    throw new Error(`probability map ${W}×${H} has only ${data.length} values`);
  const sx = srcWidth / W;
  const sy = srcHeight / H;
  const results: DetectedQuad[] = [];
  for (const blob of blobOutlines(data, W, H, options.thresh, options.maxCandidates)) {
    const rect = minAreaRect(blob.points);
    if (Math.min(rect.width, rect.height) < options.minSize) continue;
    const strip = bentLineStrip(blob.columns, Math.min(rect.width, rect.height), {
      unclipRatio: options.unclipRatio,
      sx,
      sy,
      srcWidth,
      srcHeight,
    });
    // A bent line fills little of its rectangle: score it on its own outline
    // (PaddleOCR's score_mode 'slow' scores the contour for the same reason).
    const score = strip ? blob.spanMean : meanInside(map, rect.corners);
    if (score < options.boxThresh) continue;
    const offset = unclipOffset(rect.width, rect.height, options.unclipRatio);
    if (Math.min(rect.width, rect.height) + 2 * offset < options.minSize + 2) continue;
    const grown = growQuad(rect.corners, offset, offset);
    const scaled = grown.map(([x, y]): Point => [
      clamp(x * sx, 0, srcWidth),
      clamp(y * sy, 0, srcHeight),
    ]);
    // A bent line's region is the rectangle around its strip, not around the
    // kernel grown by an offset that its taller rectangle would inflate.
    const quad = orderQuad(
      strip
        ? minAreaRect([...strip.top, ...strip.bottom]).corners.map(([x, y]): Point => [
            clamp(x, 0, srcWidth),
            clamp(y, 0, srcHeight),
          ])
        : scaled,
    );
    const size = quadSize(quad);
    // PaddleOCR's filter_tag_det_res: slivers of ≤3 px carry no readable text.
    if (size.width <= 3 || size.height <= 3) continue;
    results.push(strip ? { quad, score, strip } : { quad, score });
  }
  return results;
}

/**
 * The distance PaddleOCR's pyclipper offset grows a polygon by: D = A·r / L.
 * For a w×h rectangle, offsetting by D and taking the minimum-area rectangle
 * of the (round-cornered) result is exactly the rectangle grown by D per side.
 */
export function unclipOffset(width: number, height: number, ratio: number): number {
  const perimeter = 2 * (width + height);
  return perimeter > 0 ? (width * height * ratio) / perimeter : 0;
}

/** Mean probability over map pixels whose centres lie in the quad (box_score_fast). */
function meanInside(map: ProbabilityMap, quad: Quad): number {
  const { width: W, height: H, data } = map;
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = clamp(Math.floor(Math.min(...xs)), 0, W - 1);
  const x1 = clamp(Math.ceil(Math.max(...xs)), 0, W - 1);
  const y0 = clamp(Math.floor(Math.min(...ys)), 0, H - 1);
  const y1 = clamp(Math.ceil(Math.max(...ys)), 0, H - 1);
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvexQuad(quad, [x + 0.5, y + 0.5])) continue;
      sum += data[y * W + x]!;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

interface Blob {
  /** Leftmost and rightmost pixel centre of every row: enough for the convex hull. */
  points: Point[];
  /** First and last row of every column. */
  columns: BlobColumns;
  /** Mean probability between each column's first and last pixel: the filled outline of a near-horizontal line. */
  spanMean: number;
}

/**
 * Each 8-connected blob of pixels above `thresh` (raster order, at most
 * `max`), by its outline: far fewer points than the blob.
 */
function* blobOutlines(
  data: Float32Array,
  W: number,
  H: number,
  thresh: number,
  max: number,
): Generator<Blob> {
  const state = new Uint8Array(W * H); // 0 unseen, 1 seen
  const stack = new Int32Array(W * H);
  const rowMin = new Int32Array(H).fill(W);
  const rowMax = new Int32Array(H).fill(-1);
  const colMin = new Int32Array(W).fill(H);
  const colMax = new Int32Array(W).fill(-1);
  let found = 0;
  for (let start = 0; start < W * H && found < max; start++) {
    if (state[start] || !(data[start]! > thresh)) continue;
    found++;
    let top = 0;
    stack[top++] = start;
    state[start] = 1;
    let yMin = H;
    let yMax = -1;
    let xMin = W;
    let xMax = -1;
    while (top > 0) {
      const idx = stack[--top]!;
      const x = idx % W;
      const y = (idx - x) / W;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      if (y < colMin[x]!) colMin[x] = y;
      if (y > colMax[x]!) colMax[x] = y;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= W) continue;
          const n = ny * W + nx;
          if (state[n] || !(data[n]! > thresh)) continue;
          state[n] = 1;
          stack[top++] = n;
        }
      }
    }
    const points: Point[] = [];
    for (let y = yMin; y <= yMax; y++) {
      if (rowMax[y]! < 0) continue;
      points.push([rowMin[y]! + 0.5, y + 0.5], [rowMax[y]! + 0.5, y + 0.5]);
      rowMin[y] = W;
      rowMax[y] = -1;
    }
    const columns: BlobColumns = {
      x0: xMin,
      top: colMin.slice(xMin, xMax + 1).map((v) => (v === H ? -1 : v)),
      bottom: colMax.slice(xMin, xMax + 1),
    };
    let sum = 0;
    let count = 0;
    for (let x = xMin; x <= xMax; x++) {
      for (let y = colMin[x]!; y <= colMax[x]!; y++) sum += data[y * W + x]!;
      count += Math.max(0, colMax[x]! - colMin[x]! + 1);
    }
    colMin.fill(H, xMin, xMax + 1);
    colMax.fill(-1, xMin, xMax + 1);
    yield { points, columns, spanMean: count > 0 ? sum / count : 0 };
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
