// Masks → PolygonLabels (outer contour, simplified) or BrushLabels (RLE of the
// whole original image).
import { maskToPolygons } from '../masks/mask-polygons';
import { brushResult } from '../results/brush';
import { polygonResult } from '../results/polygon';
import type { LsResult } from '../results/types';
import type { LabelMapping } from './auto-map';
import type { DetectedMask } from './vision-candidates';

export interface MaskTarget {
  fromName: string;
  toName: string;
  /** False for `<Polygon>` / `<Brush>` (no labels). */
  hasLabels: boolean;
  kind: 'polygon' | 'mask';
}

export interface MaskResultOptions {
  /** Polygon simplification (Douglas–Peucker) tolerance in mask cells; default 1. */
  tolerance?: number;
  /** Regions (polygon: each component) smaller than this many ORIGINAL pixels are dropped; default 0. */
  minArea?: number;
  /**
   * Polygon: one polygon per connected component (semantic masks) instead of
   * the largest component only (instance masks, default).
   */
  allComponents?: boolean;
}

export interface MaskResults {
  results: LsResult[];
  /** Index (into the input) of the mask each result came from. */
  sources: number[];
  /** Class name → masks dropped because the class maps to nothing. */
  unmapped: Record<string, number>;
}

export function masksToResults(
  masks: readonly DetectedMask[],
  classNames: readonly string[],
  mapping: LabelMapping,
  target: MaskTarget,
  image: { width: number; height: number },
  nextId: () => string,
  options: MaskResultOptions = {},
): MaskResults {
  const results: LsResult[] = [];
  const sources: number[] = [];
  const unmapped: Record<string, number> = {};
  const minArea = options.minArea ?? 0;
  masks.forEach((m, index) => {
    const cls = classNames[m.classIndex] ?? `class ${m.classIndex}`;
    const label = mapping[cls];
    if (label === null || label === undefined) {
      unmapped[cls] = (unmapped[cls] ?? 0) + 1;
      return;
    }
    const { mask } = m;
    const cellW = mask.placement.width / mask.width;
    const cellH = mask.placement.height / mask.height;
    const identity = {
      fromName: target.fromName,
      toName: target.toName,
      labels: target.hasLabels ? [label] : undefined,
      imageWidth: image.width,
      imageHeight: image.height,
      score: m.score,
    };
    if (target.kind === 'mask') {
      let on = 0;
      for (const v of mask.data) if (v !== 0) on++;
      if (on === 0 || on * cellW * cellH < minArea) return;
      const result = brushResult({
        ...identity,
        id: nextId(),
        mask: { width: mask.width, height: mask.height, data: mask.data },
        placement: mask.placement,
      });
      if (result) {
        results.push(result);
        sources.push(index);
      }
      return;
    }
    const polygons = maskToPolygons(mask, {
      tolerance: options.tolerance ?? 1,
      minArea: Math.max(1, minArea / (cellW * cellH)),
      largestOnly: !options.allComponents,
    });
    for (const polygon of polygons) {
      const result = polygonResult({
        ...identity,
        id: nextId(),
        points: polygon.points.map((p) => ({
          x: mask.placement.x + p.x * cellW,
          y: mask.placement.y + p.y * cellH,
        })),
      });
      if (result) {
        results.push(result);
        sources.push(index);
      }
    }
  });
  return { results, sources, unmapped };
}
