import { rectangleResult } from '../results/rectangle';
import type { LsResult } from '../results/types';
import type { LabelMapping } from './auto-map';

/** A detected box in original image pixels (structurally the models' BoxCandidate). */
export interface DetectedBox {
  classIndex: number;
  score: number;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

export interface BoxTarget {
  fromName: string;
  toName: string;
  /** False for `<Rectangle>` (no labels): results are type `rectangle`. */
  hasLabels: boolean;
}

export interface MappedResults {
  results: LsResult[];
  /** Scores of the kept regions, for the task score. */
  scores: number[];
  /** Class name → how many boxes were dropped because the class maps to nothing. */
  unmapped: Record<string, number>;
}

/** Boxes → rectangle results, through the class → label mapping. */
export function boxesToResults(
  boxes: readonly DetectedBox[],
  classNames: readonly string[],
  mapping: LabelMapping,
  target: BoxTarget,
  image: { width: number; height: number },
  nextId: () => string,
): MappedResults {
  const results: LsResult[] = [];
  const scores: number[] = [];
  const unmapped: Record<string, number> = {};
  for (const box of boxes) {
    const cls = classNames[box.classIndex] ?? `class ${box.classIndex}`;
    const label = mapping[cls];
    if (label === null || label === undefined) {
      unmapped[cls] = (unmapped[cls] ?? 0) + 1;
      continue;
    }
    const result = rectangleResult({
      fromName: target.fromName,
      toName: target.toName,
      id: nextId(),
      labels: target.hasLabels ? [label] : undefined,
      box,
      rotation: box.rotation ?? 0,
      imageWidth: image.width,
      imageHeight: image.height,
      score: box.score,
    });
    if (!result) continue;
    results.push(result);
    scores.push(box.score);
  }
  return { results, scores, unmapped };
}
