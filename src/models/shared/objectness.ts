// Row-major heads with objectness ([1, N, 5+nc]: cx, cy, w, h, obj, classes…),
// as YOLOv5 and YOLOX emit them: score = obj · best class score.
import type { DecodeOptions } from '../types';
import { classThreshold } from './candidates';

export interface RowHit {
  classIndex: number;
  score: number;
}

/** The row's best class and score when it passes its class threshold, else null. */
export function scoreObjectnessRow(
  d: Float32Array,
  offset: number,
  classCount: number,
  floor: number,
  options: DecodeOptions,
): RowHit | null {
  const obj = d[offset + 4] as number;
  if (obj < floor) return null; // score = obj·cls ≤ obj
  let classIndex = 0;
  let best = -Infinity;
  for (let c = 0; c < classCount; c++) {
    const v = d[offset + 5 + c] as number;
    if (v > best) {
      best = v;
      classIndex = c;
    }
  }
  const score = obj * best;
  return score < classThreshold(classIndex, options) ? null : { classIndex, score };
}
