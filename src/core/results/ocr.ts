// OCR regions (Label Studio's OCR template: <Rectangle>/<Polygon> + <Labels> +
// <TextArea perRegion>): one region = geometry result + `labels` result + `textarea`
// result, all sharing ONE id. The Labels and TextArea results repeat the geometry in
// their value, as Label Studio's own OCR exports and ML backends do (see region-link.ts).

import type { LsResult } from './types';
import type { PixelBox, PixelPoint } from './geometry';
import { withScore } from './geometry';
import { linkToRegion } from './region-link';
import { polygonResult } from './polygon';
import { rectangleResult } from './rectangle';
import { textAreaResult } from './classification';

interface OcrShapeBase {
  /** The `<Rectangle>`/`<Polygon>` (or `*Labels`) control's name. */
  fromName: string;
  /** Only when the shape control itself carries labels (`<RectangleLabels>`). */
  labels?: string[];
}

export type OcrShape =
  | (OcrShapeBase & { box: PixelBox; rotation?: number })
  | (OcrShapeBase & { points: readonly PixelPoint[] });

export interface OcrRegionInput {
  id: string;
  toName: string;
  imageWidth: number;
  imageHeight: number;
  score?: number;
  shape: OcrShape;
  /** A separate `<Labels>` control on the image: emitted as type `labels`. */
  label?: { fromName: string; labels: string[] };
  textArea: { fromName: string; text: string | string[] };
}

/** [geometry, labels?, textarea] sharing `id`; empty when the shape misses the image. */
export function ocrRegionResults(input: OcrRegionInput): LsResult[] {
  const { shape, toName, id, imageWidth, imageHeight, score } = input;
  const common = { id, toName, imageWidth, imageHeight, score, fromName: shape.fromName };
  const labels = shape.labels ? { labels: shape.labels } : {};
  const region =
    'box' in shape
      ? rectangleResult({ ...common, ...labels, box: shape.box, rotation: shape.rotation })
      : polygonResult({ ...common, ...labels, points: shape.points });
  if (!region) return [];

  const results = [region];
  if (input.label) {
    const labelsResult: LsResult = {
      id,
      from_name: input.label.fromName,
      to_name: toName,
      type: 'labels',
      value: { labels: [...input.label.labels] },
    };
    results.push(withScore(linkToRegion(region, labelsResult), score));
  }
  const text = textAreaResult({
    id,
    fromName: input.textArea.fromName,
    toName,
    text: input.textArea.text,
    score,
  });
  results.push(linkToRegion(region, text));
  return results;
}
