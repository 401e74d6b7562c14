// What each control's results are: a region (geometry or span), something
// attached to a region (same `id`), or a whole-task classification.

import type { ControlTag, ControlTagName, ObjectTag } from '../config/types';
import type { GeometryKind } from './geometry';

export type ResultRole = 'region' | 'attachment' | 'classification';

const GEOMETRY: Partial<Record<ControlTagName, GeometryKind>> = {
  Rectangle: 'rectangle',
  RectangleLabels: 'rectangle',
  Polygon: 'polygon',
  PolygonLabels: 'polygon',
  KeyPoint: 'keypoint',
  KeyPointLabels: 'keypoint',
  Ellipse: 'ellipse',
  EllipseLabels: 'ellipse',
  Brush: 'brush',
  BrushLabels: 'brush',
};

const SPAN_LABELS: ReadonlySet<ControlTagName> = new Set([
  'Labels',
  'HyperTextLabels',
  'ParagraphLabels',
  'TimeSeriesLabels',
]);

/** The key of the label-name list inside `value`, for controls that have one. */
export const LABEL_LIST_KEY: Partial<Record<ControlTagName, string>> = {
  RectangleLabels: 'rectanglelabels',
  PolygonLabels: 'polygonlabels',
  KeyPointLabels: 'keypointlabels',
  BrushLabels: 'brushlabels',
  EllipseLabels: 'ellipselabels',
  Labels: 'labels',
  HyperTextLabels: 'hypertextlabels',
  ParagraphLabels: 'paragraphlabels',
  TimeSeriesLabels: 'timeserieslabels',
  Choices: 'choices',
};

export function geometryOf(control: ControlTag): GeometryKind | undefined {
  return GEOMETRY[control.tag];
}

/**
 * `<Labels>` on an `<Image>` (OCR layouts) labels a region drawn by another
 * tool: its result repeats that region's geometry and shares its id.
 */
export function isImageLabels(control: ControlTag, object: ObjectTag | undefined): boolean {
  return control.tag === 'Labels' && object?.tag === 'Image';
}

export function roleOf(control: ControlTag, object: ObjectTag | undefined): ResultRole {
  if (GEOMETRY[control.tag] || control.tag === 'VideoRectangle') return 'region';
  if (SPAN_LABELS.has(control.tag)) return isImageLabels(control, object) ? 'attachment' : 'region';
  return control.perRegion ? 'attachment' : 'classification';
}
