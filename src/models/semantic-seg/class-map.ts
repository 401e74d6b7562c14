// Per-pixel argmax of a segmentation output over the part of the grid that
// shows the image (letterbox padding and crop margins excluded).
import type { LetterboxTransform, TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import { formatDims } from '../shared/model-io';
import { SEMANTIC_EXPECTS } from './meta';

/** A cell whose scores are all in 0..1 and sum to 1 within this is read as probabilities. */
const PROBABILITY_SUM_TOLERANCE = 1e-3;

export interface ClassMap {
  /** Output grid size. */
  width: number;
  height: number;
  /** Covered cells: columns [x0, x1), rows [y0, y1). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Winning class per grid cell (−1 outside the covered cells). */
  classes: Int32Array;
  /** Its probability (softmax over the classes; 1 for a label-map output). */
  probability: Float32Array;
  classCount: number;
}

interface GridLayout {
  height: number;
  width: number;
  classes: number;
  /** Value of class c at cell i: data[i * cellStride + c * classStride]. */
  cellStride: number;
  classStride: number;
  labelMap: boolean;
}

function gridLayout(
  dims: readonly number[],
  name: string,
  classCount: number,
  layout?: 'NHWC' | 'NCHW',
): GridLayout {
  const fail = () =>
    new ModelLayoutError(`output "${name}" has shape ${formatDims(dims)}`, SEMANTIC_EXPECTS);
  if (dims[0] !== 1) throw fail();
  if (dims.length === 3) {
    // Already an argmax label map [1,H,W].
    return {
      height: dims[1] as number,
      width: dims[2] as number,
      classes: classCount,
      cellStride: 1,
      classStride: 0,
      labelMap: true,
    };
  }
  if (dims.length !== 4) throw fail();
  const [, a, b, c] = dims as [number, number, number, number];
  const nhwc = layout ? layout === 'NHWC' : classCount > 0 ? c === classCount : c < a;
  if (nhwc)
    return { height: a, width: b, classes: c, cellStride: c, classStride: 1, labelMap: false };
  return { height: b, width: c, classes: a, cellStride: 1, classStride: b * c, labelMap: false };
}

/** Covered cell range along one axis: cells whose centre lies on the image. */
function coveredRange(
  cells: number,
  inputSize: number,
  pad: number,
  contentSize: number,
): [number, number] {
  const r = cells / inputSize;
  const from = Math.max(0, Math.ceil(pad * r - 0.5));
  const to = Math.min(cells, Math.floor((pad + contentSize) * r - 0.5) + 1);
  return [from, Math.max(from, to)];
}

/**
 * Cells of the output grid that show the image, as argmaxClassMap covers
 * them (decodeSemantic's min area is a fraction of these), without the argmax.
 */
export function coveredCellCount(
  tensor: TensorData,
  name: string,
  classCount: number,
  input: { width: number; height: number },
  t: LetterboxTransform,
  layout?: 'NHWC' | 'NCHW',
): number {
  const g = gridLayout(tensor.dims, name, classCount, layout);
  const [x0, x1] = coveredRange(g.width, input.width, t.padX, t.srcWidth * t.scaleX);
  const [y0, y1] = coveredRange(g.height, input.height, t.padY, t.srcHeight * t.scaleY);
  return (x1 - x0) * (y1 - y0);
}

export function argmaxClassMap(
  tensor: TensorData,
  name: string,
  classCount: number,
  input: { width: number; height: number },
  t: LetterboxTransform,
  layout?: 'NHWC' | 'NCHW',
): ClassMap {
  const g = gridLayout(tensor.dims, name, classCount, layout);
  const { width, height } = g;
  const [x0, x1] = coveredRange(width, input.width, t.padX, t.srcWidth * t.scaleX);
  const [y0, y1] = coveredRange(height, input.height, t.padY, t.srcHeight * t.scaleY);
  const classes = new Int32Array(width * height).fill(-1);
  const probability = new Float32Array(width * height);
  const d = tensor.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      if (g.labelMap) {
        classes[i] = Number(d[i]);
        probability[i] = 1;
        continue;
      }
      const base = i * g.cellStride;
      let best = 0;
      let bestValue = -Infinity;
      let min = Infinity;
      let raw = 0;
      for (let c = 0; c < g.classes; c++) {
        const v = Number(d[base + c * g.classStride]);
        raw += v;
        if (v < min) min = v;
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      classes[i] = best;
      if (min >= 0 && bestValue <= 1 && Math.abs(raw - 1) < PROBABILITY_SUM_TOLERANCE) {
        probability[i] = bestValue; // the model already outputs probabilities
        continue;
      }
      let sum = 0;
      for (let c = 0; c < g.classes; c++) {
        sum += Math.exp(Number(d[base + c * g.classStride]) - bestValue);
      }
      probability[i] = 1 / sum;
    }
  }
  return { width, height, x0, x1, y0, y1, classes, probability, classCount: g.classes };
}
