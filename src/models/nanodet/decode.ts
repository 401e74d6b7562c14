import type { BoxCandidate, DecodeOptions, LetterboxTransform, TensorData } from '../types';
import {
  classThreshold,
  finishCandidates,
  inputBoxToOriginal,
  minThreshold,
} from '../shared/candidates';
import { floatData } from '../shared/tensor';
import type { NanodetLevel } from './outputs';
import { rowsCols } from './outputs';

/**
 * Expected distance of one box side: softmax over its bins, weighted by bin
 * index (GFL "integral" regression), in strides.
 */
export function distributionMean(d: Float32Array, offset: number, bins: number): number {
  let max = -Infinity;
  for (let b = 0; b < bins; b++) max = Math.max(max, d[offset + b] as number);
  let total = 0;
  let weighted = 0;
  for (let b = 0; b < bins; b++) {
    const e = Math.exp((d[offset + b] as number) - max);
    total += e;
    weighted += e * b;
  }
  return weighted / total;
}

/**
 * NanoDet head: per stride, class scores [N,nc] (sigmoid applied in the
 * export) and box distributions [N,4·(regMax+1)] for left, top, right,
 * bottom distances from the cell centre.
 */
export function decodeNanodet(
  outputs: Record<string, TensorData>,
  levels: readonly NanodetLevel[],
  regMax: number,
  priorOffset: number,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const bins = regMax + 1;
  const floor = minThreshold(options);
  const out: BoxCandidate[] = [];
  for (const level of levels) {
    const clsTensor = outputs[level.classOutput] as TensorData;
    const nc = rowsCols(clsTensor.dims)?.[1] ?? 0;
    const scores = floatData(clsTensor, level.classOutput);
    const dist = floatData(outputs[level.boxOutput] as TensorData, level.boxOutput);
    const s = level.stride;
    for (let i = 0; i < level.cells; i++) {
      let cls = 0;
      let score = -Infinity;
      const row = i * nc;
      for (let c = 0; c < nc; c++) {
        const v = scores[row + c] as number;
        if (v > score) {
          score = v;
          cls = c;
        }
      }
      if (score < floor || score < classThreshold(cls, options)) continue;
      const cx = ((i % level.gridW) + priorOffset) * s;
      const cy = (Math.floor(i / level.gridW) + priorOffset) * s;
      const base = i * 4 * bins;
      const left = distributionMean(dist, base, bins) * s;
      const top = distributionMean(dist, base + bins, bins) * s;
      const right = distributionMean(dist, base + 2 * bins, bins) * s;
      const bottom = distributionMean(dist, base + 3 * bins, bins) * s;
      const box = inputBoxToOriginal(
        cx - left,
        cy - top,
        cx + right,
        cy + bottom,
        cls,
        score,
        transform,
      );
      if (box) out.push(box);
    }
  }
  return finishCandidates(out, options);
}
