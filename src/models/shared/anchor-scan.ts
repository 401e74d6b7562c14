// Ultralytics' channel-first heads [1, 4+nc+extra, N] (detect, segment, pose,
// obb): rows cx,cy,w,h in input px, then nc class scores (sigmoid applied, no
// objectness). Finding the anchors that pass their class threshold is the same
// scan for every task.
import type { DecodeOptions } from '../types';
import { classThreshold, minThreshold } from './candidates';

export interface HeadView {
  data: Float32Array;
  rows: number;
  /** Anchors (columns). */
  n: number;
}

export interface AnchorHit {
  anchor: number;
  classIndex: number;
  score: number;
  /** Box corners in model-input pixels. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Anchors whose best class passes its confidence threshold. */
export function scanAnchors(
  head: HeadView,
  classCount: number,
  options: DecodeOptions,
): AnchorHit[] {
  const { data: d, n } = head;
  const best = new Float32Array(n).fill(-Infinity);
  const bestClass = new Int32Array(n);
  // Class-major pass: row c is n consecutive floats.
  for (let c = 0; c < classCount; c++) {
    const base = (4 + c) * n;
    for (let i = 0; i < n; i++) {
      const v = d[base + i] as number;
      if (v > (best[i] as number)) {
        best[i] = v;
        bestClass[i] = c;
      }
    }
  }
  const floor = minThreshold(options);
  const hits: AnchorHit[] = [];
  for (let i = 0; i < n; i++) {
    const score = best[i] as number;
    if (score < floor) continue;
    const classIndex = bestClass[i] as number;
    if (score < classThreshold(classIndex, options)) continue;
    const cx = d[i] as number;
    const cy = d[n + i] as number;
    const hw = (d[2 * n + i] as number) / 2;
    const hh = (d[3 * n + i] as number) / 2;
    hits.push({ anchor: i, classIndex, score, x1: cx - hw, y1: cy - hh, x2: cx + hw, y2: cy + hh });
  }
  return hits;
}
