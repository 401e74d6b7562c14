// OCR lines → Label Studio OCR regions: geometry + labels + textarea sharing one id.
import { ocrRegionResults } from '../results/ocr';
import type { LsResult } from '../results/types';
import type { OcrTarget } from './ocr-target';

type Point = readonly [number, number];

/** A read text line in original image pixels (structurally the OCR family's TextCandidate). */
export interface ReadLine {
  quad: readonly [Point, Point, Point, Point];
  box: { x: number; y: number; width: number; height: number };
  text: string;
  score: number;
}

/** Below this tilt a line is emitted as an upright box (what annotators expect). */
const UPRIGHT_DEGREES = 1;

/** A quad (clockwise from top-left) → Label Studio rectangle: top-left corner + rotation. */
function quadToRectangle(quad: ReadLine['quad'], box: ReadLine['box']) {
  const [p0, p1, , p3] = quad;
  const angle = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
  if (Math.abs(angle) < UPRIGHT_DEGREES) return { box, rotation: 0 };
  const width = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
  const height = Math.hypot(p3[0] - p0[0], p3[1] - p0[1]);
  return { box: { x: p0[0], y: p0[1], width, height }, rotation: (angle + 360) % 360 };
}

export function linesToResults(
  lines: readonly ReadLine[],
  target: OcrTarget,
  image: { width: number; height: number },
  nextId: () => string,
): { results: LsResult[]; scores: number[] } {
  const results: LsResult[] = [];
  const scores: number[] = [];
  for (const line of lines) {
    const shape =
      target.shape.kind === 'polygon'
        ? {
            fromName: target.shape.fromName,
            labels: target.shape.labels,
            points: line.quad.map(([x, y]) => ({ x, y })),
          }
        : {
            fromName: target.shape.fromName,
            labels: target.shape.labels,
            ...quadToRectangle(line.quad, line.box),
          };
    const region = ocrRegionResults({
      id: nextId(),
      toName: target.toName,
      imageWidth: image.width,
      imageHeight: image.height,
      score: line.score,
      shape,
      label: target.label,
      textArea: { fromName: target.textArea.fromName, text: line.text },
    });
    if (region.length === 0) continue;
    results.push(...region);
    scores.push(line.score);
  }
  return { results, scores };
}
