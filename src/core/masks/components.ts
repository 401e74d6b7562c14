// Connected components of a binary mask by flood fill (iterative: no recursion
// depth limit on large blobs).

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

const N4 = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;
const N8 = [...N4, [1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

/** Labels the on pixels (nonzero in `on`) of a `width`×`height` grid. */
export function labelComponents(
  on: Uint8Array,
  width: number,
  height: number,
  connectivity: Connectivity = 8,
): LabeledComponents {
  if (on.length !== width * height) {
    throw new RangeError(`mask has ${on.length} values, expected ${width * height}`);
  }
  const labels = new Int32Array(on.length);
  const stack = new Int32Array(on.length);
  const steps = connectivity === 8 ? N8 : N4;
  const components: Component[] = [];
  for (let start = 0; start < on.length; start++) {
    if (on[start] === 0 || labels[start] !== 0) continue;
    const label = components.length + 1;
    const c: Component = {
      label,
      area: 0,
      minX: width,
      minY: height,
      maxX: -1,
      maxY: -1,
      start,
    };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top] as number;
      const x = i % width;
      const y = (i - x) / width;
      c.area++;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (on[j] === 0 || labels[j] !== 0) continue;
        labels[j] = label;
        stack[top++] = j;
      }
    }
    components.push(c);
  }
  return { labels, components };
}
