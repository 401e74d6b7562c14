// Connected components of a binary mask, labelled run by run.

/** 8: pixels touching at a corner belong together (a thin diagonal line stays one object). */
export type Connectivity = 4 | 8;

export interface Component {
  /** 1-based label in `labels`. */
  label: number;
  /** Pixel count. */
  area: number;
  /** Inclusive pixel bounds. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Index (y·width + x) of its first pixel in raster order: a pixel on its outer contour. */
  start: number;
}

export interface LabeledComponents {
  /** Per pixel: 0 = off, else the component's label. */
  labels: Int32Array;
  components: Component[];
}

/** Root of run `i` in the union-find forest, with path halving. */
function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    const up = parent[parent[i] as number] as number;
    parent[i] = up;
    i = up;
  }
  return i;
}

/**
 * Labels the on pixels (nonzero in `on`) of a `width`×`height` grid. Works on
 * horizontal runs (union-find over runs that touch between rows), so a
 * 4000×3000 mask costs one pass over the pixels plus work per run.
 */
export function labelComponents(
  on: Uint8Array,
  width: number,
  height: number,
  connectivity: Connectivity = 8,
): LabeledComponents {
  if (on.length !== width * height) {
    throw new RangeError(`mask has ${on.length} values, expected ${width * height}`);
  }
  // 1. Runs of on pixels, in raster order.
  const runStart: number[] = [];
  const runEnd: number[] = [];
  const runRow: number[] = [];
  const rowFirstRun = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    rowFirstRun[y] = runStart.length;
    const base = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && on[base + x] === 0) x++;
      if (x >= width) break;
      const s = x;
      while (x < width && on[base + x] !== 0) x++;
      runStart.push(s);
      runEnd.push(x);
      runRow.push(y);
    }
  }
  rowFirstRun[height] = runStart.length;
  const count = runStart.length;

  // 2. Join runs of neighbouring rows that touch (diagonally too with 8-connectivity).
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) parent[i] = i;
  const reach = connectivity === 8 ? 1 : 0;
  for (let y = 1; y < height; y++) {
    let a = rowFirstRun[y - 1] as number;
    const aEnd = rowFirstRun[y] as number;
    let b = aEnd;
    const bEnd = rowFirstRun[y + 1] as number;
    while (a < aEnd && b < bEnd) {
      const as = runStart[a] as number;
      const ae = runEnd[a] as number;
      const bs = runStart[b] as number;
      const be = runEnd[b] as number;
      if (as < be + reach && bs < ae + reach) {
        const ra = find(parent, a);
        const rb = find(parent, b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
      if (ae < be) a++;
      else b++;
    }
  }

  // 3. Labels in raster order of each component's first pixel; fill the map run by run.
  const labels = new Int32Array(on.length);
  const labelOfRoot = new Int32Array(count);
  const components: Component[] = [];
  for (let i = 0; i < count; i++) {
    const root = find(parent, i);
    const s = runStart[i] as number;
    const e = runEnd[i] as number;
    const y = runRow[i] as number;
    let label = labelOfRoot[root] as number;
    if (label === 0) {
      label = components.length + 1;
      labelOfRoot[root] = label;
      components.push({
        label,
        area: 0,
        minX: width,
        minY: y,
        maxX: -1,
        maxY: y,
        start: y * width + s,
      });
    }
    const c = components[label - 1] as Component;
    c.area += e - s;
    if (s < c.minX) c.minX = s;
    if (e - 1 > c.maxX) c.maxX = e - 1;
    c.maxY = y;
    labels.fill(label, y * width + s, y * width + e);
  }
  return { labels, components };
}
