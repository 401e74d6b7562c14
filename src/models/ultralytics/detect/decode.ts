import type { BoxCandidate, DecodeOptions, LetterboxTransform, TensorData } from '../../types';
import {
  classThreshold,
  finishCandidates,
  inputBoxToOriginal,
  minThreshold,
} from '../../shared/candidates';
import { scanAnchors } from '../../shared/anchor-scan';
import { scoreObjectnessRow } from '../../shared/objectness';
import { ModelLayoutError } from '../../shared/errors';
import { formatDims } from '../../shared/model-io';
import { floatData } from '../../shared/tensor';
import type { UltralyticsLayout } from '../meta';

export const LAYOUT_EXPECTATIONS: Record<UltralyticsLayout, string> = {
  detect: '[1,4+classes,N] (Ultralytics)',
  end2end: '[1,300,6] (end2end)',
  yolov5: '[1,N,5+classes] (YOLOv5)',
};

function rank3(tensor: TensorData, name: string, layout: UltralyticsLayout): [number, number] {
  const { dims } = tensor;
  if (dims.length !== 3 || dims[0] !== 1) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(dims)}`,
      LAYOUT_EXPECTATIONS[layout],
    );
  }
  return [dims[1] as number, dims[2] as number];
}

/**
 * Picks the layout: explicit setting, else the end2end flag, else the shape.
 * A known class count that fits exactly one layout decides; otherwise
 * channels-first heads have fewer rows (4+nc) than anchors (N).
 */
export function resolveLayout(
  dims: readonly number[],
  settings: { layout?: UltralyticsLayout; end2end?: boolean },
  classCount = 0,
): UltralyticsLayout {
  if (settings.layout) return settings.layout;
  if (settings.end2end) return 'end2end';
  const [, a = 0, b = 0] = dims;
  if (classCount > 0) {
    const detectFits = a === 4 + classCount;
    const v5Fits = b === 5 + classCount;
    if (detectFits !== v5Fits) return detectFits ? 'detect' : 'yolov5';
  }
  if (a < b) return 'detect';
  return b === 6 ? 'end2end' : 'yolov5';
}

/**
 * YOLOv8/11 head: rows cx,cy,w,h then one row per class (sigmoid applied),
 * no objectness. `classCount` 0 means "every row after the box".
 * `exactRows` rejects extra rows, which a plain detect model never has.
 */
export function decodeDetect(
  tensor: TensorData,
  name: string,
  classCount: number,
  exactRows: boolean,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const [rows, n] = rank3(tensor, name, 'detect');
  const nc = classCount > 0 ? classCount : rows - 4;
  if (nc < 1 || rows < 4 + nc || (exactRows && rows !== 4 + nc)) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(tensor.dims)}`,
      `[1,4+${nc},N] = [1,${4 + nc},N] for ${nc} classes (Ultralytics detect)`,
    );
  }
  const out: BoxCandidate[] = [];
  for (const hit of scanAnchors({ data: floatData(tensor, name), rows, n }, nc, options)) {
    const { x1, y1, x2, y2, classIndex, score } = hit;
    const box = inputBoxToOriginal(x1, y1, x2, y2, classIndex, score, transform);
    if (box) out.push(box);
  }
  return finishCandidates(out, options);
}

/** NMS-free head: each row x1,y1,x2,y2,score,class in input px. Threshold only. */
export function decodeEnd2End(
  tensor: TensorData,
  name: string,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const [k, cols] = rank3(tensor, name, 'end2end');
  if (cols < 6) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(tensor.dims)}`,
      LAYOUT_EXPECTATIONS.end2end,
    );
  }
  const d = floatData(tensor, name);
  const out: BoxCandidate[] = [];
  for (let i = 0; i < k; i++) {
    const o = i * cols;
    const score = d[o + 4] as number;
    const cls = Math.round(d[o + 5] as number);
    if (cls < 0 || !(score >= classThreshold(cls, options))) continue;
    const box = inputBoxToOriginal(
      d[o] as number,
      d[o + 1] as number,
      d[o + 2] as number,
      d[o + 3] as number,
      cls,
      score,
      transform,
    );
    if (box) out.push(box);
  }
  return finishCandidates(out, options, false);
}

/** Classic YOLOv5 head: rows cx,cy,w,h,objectness,classes…; score = obj × cls. */
export function decodeYolov5(
  tensor: TensorData,
  name: string,
  classCount: number,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const [n, cols] = rank3(tensor, name, 'yolov5');
  const nc = classCount > 0 ? classCount : cols - 5;
  if (nc < 1 || cols < 5 + nc) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(tensor.dims)}`,
      `[1,N,5+${nc}] = [1,N,${5 + nc}] for ${nc} classes (YOLOv5)`,
    );
  }
  const d = floatData(tensor, name);
  const floor = minThreshold(options);
  const out: BoxCandidate[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    const hit = scoreObjectnessRow(d, o, nc, floor, options);
    if (!hit) continue;
    const { classIndex: cls, score } = hit;
    const cx = d[o] as number;
    const cy = d[o + 1] as number;
    const hw = (d[o + 2] as number) / 2;
    const hh = (d[o + 3] as number) / 2;
    const box = inputBoxToOriginal(cx - hw, cy - hh, cx + hw, cy + hh, cls, score, transform);
    if (box) out.push(box);
  }
  return finishCandidates(out, options);
}
