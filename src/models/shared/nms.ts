import type { BoxCandidate } from '../types';

/** Intersection over union of two axis-aligned boxes (x, y, width, height). */
export function iou(a: BoxCandidate, b: BoxCandidate): number {
  const ix = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression: keeps boxes by descending score and drops
 * any box whose IoU with an already kept box (of the same class when
 * `classAware`) exceeds `iouThreshold`. Comparing only against kept boxes is
 * equivalent to the classic algorithm and bounds work by maxDetections.
 */
export function nms(
  boxes: readonly BoxCandidate[],
  iouThreshold: number,
  classAware = true,
  maxDetections = Infinity,
): BoxCandidate[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: BoxCandidate[] = [];
  for (const box of sorted) {
    if (kept.length >= maxDetections) break;
    let suppressed = false;
    for (const k of kept) {
      if (classAware && k.classIndex !== box.classIndex) continue;
      if (iou(k, box) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(box);
  }
  return kept;
}
