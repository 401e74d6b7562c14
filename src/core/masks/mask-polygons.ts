// Mask → polygons: connected components → outer contour of each → simplified
// outline. Holes are ignored (a Label Studio polygon has no holes).
import type { PixelPoint } from '../results/geometry';
import type { BinaryMask } from '../results/mask-runs';
import { binarize } from './binarize';
import type { Connectivity } from './components';
import { labelComponents } from './components';
import { traceOuterContour } from './contour';
import { simplifyClosedPolygon } from './simplify';

export interface MaskPolygonOptions {
  /** Douglas–Peucker tolerance in MASK cells (default 1: removes the pixel staircase). */
  tolerance?: number;
  /** Components smaller than this many cells are dropped (default 1: none). */
  minArea?: number;
  /** Only the largest component (instance masks: one object, stray specks dropped). */
  largestOnly?: boolean;
  connectivity?: Connectivity;
}

export interface MaskPolygon {
  /** Outline in mask cell coordinates (cell (i, j) spans [i, i+1) × [j, j+1)), clockwise. */
  points: PixelPoint[];
  /** Pixel count of the component (its holes not included). */
  area: number;
}

/** One polygon per connected component, largest first. */
export function maskToPolygons(mask: BinaryMask, options: MaskPolygonOptions = {}): MaskPolygon[] {
  const { width, height } = mask;
  const connectivity = options.connectivity ?? 8;
  const { labels, components } = labelComponents(binarize(mask), width, height, connectivity);
  const minArea = options.minArea ?? 1;
  let kept = components.filter((c) => c.area >= minArea).sort((a, b) => b.area - a.area);
  if (options.largestOnly) kept = kept.slice(0, 1);
  const tolerance = options.tolerance ?? 1;
  return kept.map((c) => ({
    points: simplifyClosedPolygon(
      traceOuterContour(labels, width, height, c.label, c.start, connectivity),
      tolerance,
    ),
    area: c.area,
  }));
}
