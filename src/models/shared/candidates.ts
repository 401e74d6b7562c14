import type { BoxCandidate, DecodeOptions, LetterboxTransform } from '../types';
import { nms } from './nms';

/** The confidence a class must reach: its override, else the global one. */
export function classThreshold(classIndex: number, options: DecodeOptions): number {
  return options.classConfidence?.[classIndex] ?? options.confidence;
}

/** The lowest threshold of any class: a cheap first filter before argmax. */
export function minThreshold(options: DecodeOptions): number {
  let min = options.confidence;
  for (const value of Object.values(options.classConfidence ?? {})) min = Math.min(min, value);
  return min;
}

/**
 * Maps a box given by corners in model-input pixels back to the original
 * image (undoing letterbox/stretch/crop) and clamps it to the image.
 * Returns null when nothing of it is left inside the image.
 */
export function inputBoxToOriginal(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  classIndex: number,
  score: number,
  t: LetterboxTransform,
): BoxCandidate | null {
  const left = clamp((x1 - t.padX) / t.scaleX, 0, t.srcWidth);
  const top = clamp((y1 - t.padY) / t.scaleY, 0, t.srcHeight);
  const right = clamp((x2 - t.padX) / t.scaleX, 0, t.srcWidth);
  const bottom = clamp((y2 - t.padY) / t.scaleY, 0, t.srcHeight);
  if (!(right > left && bottom > top)) return null;
  return {
    kind: 'box',
    classIndex,
    score,
    x: left,
    y: top,
    width: right - left,
    height: bottom - top,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Caps the NMS input so a near-zero confidence cannot make decoding quadratic. */
const MAX_NMS_INPUT = 30000;

/** Final step shared by families: class-aware NMS (unless NMS-free), cap. */
export function finishCandidates(
  candidates: BoxCandidate[],
  options: DecodeOptions,
  applyNms = true,
): BoxCandidate[] {
  candidates.sort((a, b) => b.score - a.score);
  if (candidates.length > MAX_NMS_INPUT) candidates.length = MAX_NMS_INPUT;
  const max = options.maxDetections > 0 ? options.maxDetections : Infinity;
  if (!applyNms) return candidates.slice(0, max);
  return nms(candidates, options.iou, true, max);
}
