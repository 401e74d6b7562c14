// The text-direction classifier (ppocr mobile v2.0 cls): labels '0' and '180'.
import type { TensorData } from '../types';

/** Per row of a cls output [N, 2], the probability that the crop is upside down. */
export function upsideDownProbabilities(output: TensorData): number[] {
  const [n, classes] = output.dims as [number, number];
  if (output.dims.length !== 2 || classes !== 2) {
    throw new Error(`cls output [${output.dims.join(',')}] is not [N,2]`);
  }
  const probs = output.data as Float32Array;
  return Array.from({ length: n }, (_, i) => probs[i * 2 + 1]!);
}

/**
 * 180 when '180' wins with at least `threshold` (PaddleOCR's cls_thresh), else
 * 0: a doubtful flip does more harm than none.
 */
export function angleFromProbability(p180: number, threshold: number): 0 | 180 {
  return p180 > 0.5 && p180 >= threshold ? 180 : 0;
}

/**
 * Column ranges cutting a line crop `width` px wide into windows of
 * `windowWidth` (evenly spread, overlapping when needed). PaddleOCR squeezes a
 * whole line into one 192-px input, which turns long lines into unreadable
 * smears and wrong votes; windows keep the letters' shape. Lines wider than
 * `maxWindows` windows must be squeezed to that width by the caller first.
 */
export function clsWindows(
  width: number,
  windowWidth: number,
  maxWindows: number,
): { x: number; width: number }[] {
  if (width <= windowWidth) return [{ x: 0, width }];
  const n = Math.min(Math.max(1, maxWindows), Math.ceil(width / windowWidth));
  if (n === 1) return [{ x: 0, width: windowWidth }];
  const step = (width - windowWidth) / (n - 1);
  return Array.from({ length: n }, (_, k) => ({ x: Math.round(k * step), width: windowWidth }));
}
