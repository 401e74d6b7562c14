import type { BoxCandidate, DecodeOptions, LetterboxTransform, TensorData } from '../types';
import { finishCandidates, inputBoxToOriginal, minThreshold } from '../shared/candidates';
import { ModelLayoutError } from '../shared/errors';
import { formatDims, gridCells, sum } from '../shared/model-io';
import { floatData } from '../shared/tensor';
import { scoreObjectnessRow } from '../shared/objectness';

export interface YoloxGeometry {
  /** Model input size in pixels. */
  width: number;
  height: number;
  strides: readonly number[];
  decoded: boolean;
}

/**
 * YOLOX head [1,N,5+nc]: per anchor x,y,w,h (raw), objectness and class
 * scores (sigmoid applied in the export). Anchors run stride by stride,
 * row-major within a stride: cx=(x+gx)·s, w=exp(w)·s, score=obj·cls.
 */
export function decodeYolox(
  tensor: TensorData,
  name: string,
  classCount: number,
  geometry: YoloxGeometry,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const { dims } = tensor;
  const cells = gridCells(geometry.width, geometry.height, geometry.strides);
  const anchors = sum(cells);
  const cols = dims[2] ?? 0;
  const nc = classCount > 0 ? classCount : cols - 5;
  if (dims.length !== 3 || dims[0] !== 1 || dims[1] !== anchors || nc < 1 || cols !== 5 + nc) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(dims)}`,
      `[1,${anchors},${5 + Math.max(nc, 1)}] for a ${geometry.width}×${geometry.height} input, ` +
        `strides ${geometry.strides.join('/')} and ${nc} classes (YOLOX)`,
    );
  }
  const d = floatData(tensor, name);
  const floor = minThreshold(options);
  const out: BoxCandidate[] = [];
  let i = 0;
  geometry.strides.forEach((stride, level) => {
    const gridW = Math.ceil(geometry.width / stride);
    const levelEnd = i + (cells[level] as number);
    for (; i < levelEnd; i++) {
      const o = i * cols;
      const hit = scoreObjectnessRow(d, o, nc, floor, options);
      if (!hit) continue;
      const { classIndex: cls, score } = hit;
      let cx = d[o] as number;
      let cy = d[o + 1] as number;
      let w = d[o + 2] as number;
      let h = d[o + 3] as number;
      if (!geometry.decoded) {
        const cell = i - (levelEnd - (cells[level] as number));
        cx = (cx + (cell % gridW)) * stride;
        cy = (cy + Math.floor(cell / gridW)) * stride;
        w = Math.exp(w) * stride;
        h = Math.exp(h) * stride;
      }
      const box = inputBoxToOriginal(
        cx - w / 2,
        cy - h / 2,
        cx + w / 2,
        cy + h / 2,
        cls,
        score,
        transform,
      );
      if (box) out.push(box);
    }
  });
  return finishCandidates(out, options);
}
