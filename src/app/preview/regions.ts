// Label Studio results → what the preview draws: one shape per region (its
// geometry result, with the label, text and choices linked to it by id) and
// tags for whole-image answers (classification choices, captions).

import type { LsResult } from '../../core/results/types';

interface ShapeBase {
  id: string;
  label: string;
  score?: number;
  /** OCR transcription or per-region answers linked to the region. */
  text?: string;
}

/** Coordinates are percentages of the image, as in the results. */
export type PreviewShape =
  | (ShapeBase & {
      kind: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      rotation: number;
    })
  | (ShapeBase & { kind: 'polygon'; points: [number, number][] })
  | (ShapeBase & {
      kind: 'ellipse';
      x: number;
      y: number;
      radiusX: number;
      radiusY: number;
      rotation: number;
    })
  | (ShapeBase & { kind: 'keypoint'; x: number; y: number; width: number })
  | (ShapeBase & { kind: 'mask' });

export interface PreviewTag {
  id: string;
  fromName: string;
  values: string[];
  score?: number;
}

const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return typeof v === 'string' || typeof v === 'number' ? [String(v)] : [];
  return v.flatMap((x) => (Array.isArray(x) ? [x.join(' / ')] : typeof x === 'string' ? [x] : []));
}

/** The labels a result carries under its own type (`rectanglelabels`, `labels`, …). */
function labelOf(result: LsResult): string {
  return strings(result.value[result.type])[0] ?? '';
}

function shapeOf(r: LsResult): PreviewShape | null {
  const v = r.value;
  const base: ShapeBase = { id: r.id, label: labelOf(r) };
  if (r.score !== undefined) base.score = r.score;
  switch (r.type) {
    case 'rectanglelabels':
    case 'rectangle':
      return {
        ...base,
        kind: 'rect',
        x: num(v.x),
        y: num(v.y),
        width: num(v.width),
        height: num(v.height),
        rotation: num(v.rotation),
      };
    case 'polygonlabels':
    case 'polygon': {
      const points = Array.isArray(v.points) ? (v.points as unknown[]) : [];
      return {
        ...base,
        kind: 'polygon',
        points: points
          .filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2)
          .map(([x, y]) => [num(x), num(y)]),
      };
    }
    case 'ellipselabels':
    case 'ellipse':
      return {
        ...base,
        kind: 'ellipse',
        x: num(v.x),
        y: num(v.y),
        radiusX: num(v.radiusX),
        radiusY: num(v.radiusY),
        rotation: num(v.rotation),
      };
    case 'keypointlabels':
    case 'keypoint':
      return { ...base, kind: 'keypoint', x: num(v.x), y: num(v.y), width: num(v.width, 0.6) };
    case 'brushlabels':
    case 'brush':
      return { ...base, kind: 'mask' };
    default:
      return null;
  }
}

/** What a non-geometry result says, as text. */
function answerOf(r: LsResult): string[] {
  if (r.type === 'textarea') return strings(r.value.text);
  if (r.type === 'labels') return strings(r.value.labels);
  return strings(r.value[r.type]);
}

export function previewItems(results: readonly LsResult[]): {
  shapes: PreviewShape[];
  tags: PreviewTag[];
} {
  const shapes = new Map<string, PreviewShape>();
  for (const r of results) {
    if (shapes.has(r.id)) continue;
    const shape = shapeOf(r);
    if (shape) shapes.set(r.id, shape);
  }
  const tags: PreviewTag[] = [];
  for (const r of results) {
    const shape = shapes.get(r.id);
    if (shape && shapeOf(r)) continue; // the geometry itself
    const values = answerOf(r);
    if (shape) {
      // Linked by id: a region's label (OCR's <Labels>) or its text.
      if (r.type === 'labels' && !shape.label) shape.label = values[0] ?? '';
      else if (values.length > 0) shape.text = [shape.text, ...values].filter(Boolean).join(' · ');
      if (shape.score === undefined && r.score !== undefined) shape.score = r.score;
      continue;
    }
    const tag: PreviewTag = { id: r.id, fromName: r.from_name, values };
    if (r.score !== undefined) tag.score = r.score;
    tags.push(tag);
  }
  return { shapes: [...shapes.values()], tags };
}

/** What the min-score filter keeps: unscored items always stay. */
export function passes(item: { score?: number }, minScore: number): boolean {
  return (item.score ?? 1) >= minScore;
}
