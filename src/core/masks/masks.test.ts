import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PixelPoint } from '../results/geometry';
import { polygonArea } from './area';
import { labelComponents } from './components';
import { traceOuterContour } from './contour';
import { maskToPolygons } from './mask-polygons';
import { simplifyClosedPolygon } from './simplify';

/** A mask from rows of '#' (on) and '.' (off). */
function grid(rows: string[]) {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

const pts = (p: PixelPoint[]) => p.map(({ x, y }) => [x, y]);

describe('outer contour tracing', () => {
  it('outlines a square along its pixel edges', () => {
    const polys = maskToPolygons(grid(['.....', '.###.', '.###.', '.###.', '.....']), {
      tolerance: 0,
    });
    expect(polys).toHaveLength(1);
    expect(pts(polys[0]!.points)).toEqual([
      [1, 1],
      [4, 1],
      [4, 4],
      [1, 4],
    ]);
    expect(polys[0]?.area).toBe(9);
  });

  it('follows the inner corner of an L shape', () => {
    const [poly] = maskToPolygons(grid(['#..', '#..', '###']), { tolerance: 0 });
    // Clockwise on screen from the top-left corner of the first pixel.
    expect(pts(poly!.points)).toEqual([
      [0, 0],
      [1, 0],
      [1, 2],
      [3, 2],
      [3, 3],
      [0, 3],
    ]);
    expect(polygonArea(poly!.points)).toBe(5);
  });

  it('gives a ring its outer outline only (holes ignored)', () => {
    const [poly, ...rest] = maskToPolygons(
      grid(['.......', '.#####.', '.#####.', '.##.##.', '.#####.', '.#####.', '.......']),
      { tolerance: 0 },
    );
    expect(rest).toEqual([]);
    expect(pts(poly!.points)).toEqual([
      [1, 1],
      [6, 1],
      [6, 6],
      [1, 6],
    ]);
    expect(poly?.area).toBe(24); // pixels; the polygon encloses the hole too (25)
  });

  it('walks through corner-touching pixels with 8-connectivity, not with 4', () => {
    const diag = grid(['#.', '.#']);
    const eight = maskToPolygons(diag, { tolerance: 0 });
    expect(eight).toHaveLength(1);
    expect(polygonArea(eight[0]!.points)).toBe(2);
    const four = maskToPolygons(diag, { tolerance: 0, connectivity: 4 });
    expect(four.map((p) => p.area)).toEqual([1, 1]);
  });

  it('encloses exactly the pixels it traces (random masks)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }),
        (w, h, bits) => {
          const on = Uint8Array.from(bits.slice(0, w * h), (b) => (b ? 1 : 0));
          const { labels, components } = labelComponents(on, w, h, 8);
          for (const c of components) {
            const ring = traceOuterContour(labels, w, h, c.label, c.start, 8);
            let enclosed = 0;
            for (let y = 0; y < h; y++) {
              for (let x = 0; x < w; x++) {
                const inside = winding(ring, x + 0.5, y + 0.5) !== 0;
                if (inside) enclosed++;
                // Every pixel of the component lies inside its outline.
                if (labels[y * w + x] === c.label && !inside) return false;
              }
            }
            // Crack-edge outline: its area is a whole number of pixels, those inside.
            if (polygonArea(ring) !== enclosed || enclosed < c.area) return false;
          }
          return true;
        },
      ),
    );
  });
});

/** Winding number of a closed ring around (px, py); the ring never passes through pixel centres. */
function winding(ring: PixelPoint[], px: number, py: number): number {
  let wn = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as PixelPoint;
    const b = ring[(i + 1) % ring.length] as PixelPoint;
    const cross = (b.x - a.x) * (py - a.y) - (px - a.x) * (b.y - a.y);
    if (a.y <= py && b.y > py && cross > 0) wn++;
    else if (a.y > py && b.y <= py && cross < 0) wn--;
  }
  return wn;
}

describe('connected components', () => {
  const mask = grid(['##....', '##..#.', '......', '...###', '...###']);

  it('labels separate blobs with their area, bounds and first pixel', () => {
    const { components } = labelComponents(mask.data, mask.width, mask.height);
    expect(
      components.map(({ area, minX, minY, maxX, maxY, start }) => ({
        area,
        box: [minX, minY, maxX, maxY],
        start,
      })),
    ).toEqual([
      { area: 4, box: [0, 0, 1, 1], start: 0 },
      { area: 1, box: [4, 1, 4, 1], start: 10 },
      { area: 6, box: [3, 3, 5, 4], start: 21 },
    ]);
  });

  it('drops components under the minimum area and sorts largest first', () => {
    expect(maskToPolygons(mask, { minArea: 2 }).map((p) => p.area)).toEqual([6, 4]);
    expect(maskToPolygons(mask, { largestOnly: true }).map((p) => p.area)).toEqual([6]);
  });

  it('reads float masks as on above 0.5', () => {
    const f = { width: 2, height: 1, data: Float32Array.from([0.5, 0.51]) };
    expect(maskToPolygons(f).map((p) => p.area)).toEqual([1]);
  });
});

describe('Douglas–Peucker simplification', () => {
  // A staircase approximating the diagonal of a 6×6 right triangle.
  const stairs = grid(['#.....', '##....', '###...', '####..', '#####.', '######']);

  it('turns a pixel staircase into a few vertices within the tolerance', () => {
    const [exact] = maskToPolygons(stairs, { tolerance: 0 });
    const [simple] = maskToPolygons(stairs, { tolerance: 1 });
    expect(exact!.points.length).toBe(14); // (k,k),(k+1,k) for 6 steps + 2 bottom corners
    expect(simple!.points.length).toBeLessThanOrEqual(4);
    // Every dropped vertex is within tolerance of the simplified outline.
    for (const p of exact!.points) expect(distanceToRing(p, simple!.points)).toBeLessThanOrEqual(1);
    // The area moves by at most tolerance × perimeter / 2 (here: a half-pixel per step).
    expect(Math.abs(polygonArea(simple!.points) - 21)).toBeLessThanOrEqual(6);
  });

  it('keeps a tiny shape whole rather than collapsing it below 3 vertices', () => {
    const unit = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 1 },
      { x: 0, y: 1 },
    ];
    expect(simplifyClosedPolygon(unit, 5)).toEqual(unit);
  });

  it('drops collinear vertices of a rectangle', () => {
    const ring = [
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 4, y: 0 },
      { x: 4, y: 3 },
      { x: 0, y: 3 },
      { x: 0, y: 1 },
    ];
    expect(pts(simplifyClosedPolygon(ring, 0.01))).toEqual([
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
    ]);
  });
});

function distanceToRing(p: PixelPoint, ring: PixelPoint[]): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as PixelPoint;
    const b = ring[(i + 1) % ring.length] as PixelPoint;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
  }
  return best;
}

/** Reference labelling: plain flood fill, the definition of a connected component. */
function floodFillComponents(on: Uint8Array, w: number, h: number, conn: 4 | 8) {
  const labels = new Int32Array(on.length);
  const out: {
    area: number;
    start: number;
    minX: number;
    maxX: number;
    minY: number;
    maxY: number;
  }[] = [];
  for (let s = 0; s < on.length; s++) {
    if (!on[s] || labels[s]) continue;
    const label = out.length + 1;
    const c = { area: 0, start: s, minX: w, maxX: -1, minY: h, maxY: -1 };
    const stack = [s];
    labels[s] = label;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      c.area++;
      c.minX = Math.min(c.minX, x);
      c.maxX = Math.max(c.maxX, x);
      c.minY = Math.min(c.minY, y);
      c.maxY = Math.max(c.maxY, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (conn === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          const ny = y + dy;
          const j = ny * w + nx;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h || !on[j] || labels[j]) continue;
          labels[j] = label;
          stack.push(j);
        }
      }
    }
    out.push(c);
  }
  return { labels, components: out };
}

describe('run-based labelling', () => {
  it('finds exactly the components a flood fill finds, with 4- and 8-connectivity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        fc.constantFrom(4 as const, 8 as const),
        (w, h, bits, conn) => {
          const on = Uint8Array.from(bits.slice(0, w * h), (b) => (b ? 1 : 0));
          const got = labelComponents(on, w, h, conn);
          const want = floodFillComponents(on, w, h, conn);
          expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
          expect(got.components.map(({ label: _l, ...c }) => c)).toEqual(want.components);
        },
      ),
      { numRuns: 500 },
    );
  });
});
