import type {
  BoxCandidate,
  DecodeOptions,
  KeypointCandidate,
  KeypointValue,
  LetterboxTransform,
  TensorData,
} from '../types';
import { finishCandidates, inputBoxToOriginal } from '../shared/candidates';
import { ModelLayoutError } from '../shared/errors';
import { formatDims } from '../shared/model-io';
import { floatData } from '../shared/tensor';
import { YUNET_EXPECTS, YUNET_KEYPOINT_NAMES } from './meta';

const KEYPOINTS = YUNET_KEYPOINT_NAMES.length;

function output(
  outputs: Record<string, TensorData>,
  name: string,
  cells: number,
  values: number,
): Float32Array {
  const t = outputs[name];
  if (!t) {
    const found = Object.keys(outputs).join(', ') || 'none';
    throw new ModelLayoutError(`output "${name}" is missing (outputs: ${found})`, YUNET_EXPECTS);
  }
  const d = floatData(t, name);
  if (d.length !== cells * values) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(t.dims)}`,
      `${cells}×${values} values for this input size (${YUNET_EXPECTS})`,
    );
  }
  return d;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * YuNet heads → faces with 5 landmarks. Per stride s, cell (row, col):
 * score = sqrt(cls·obj); centre = ((col, row) + bbox[0..1])·s, size =
 * exp(bbox[2..3])·s; landmark k = ((col, row) + kps[2k..2k+1])·s, all in
 * input pixels, then mapped to the original image; NMS as OpenCV.
 */
export function decodeYunet(
  outputs: Record<string, TensorData>,
  strides: readonly number[],
  input: { width: number; height: number },
  t: LetterboxTransform,
  options: DecodeOptions,
): KeypointCandidate[] {
  const pointsOf = new Map<BoxCandidate, KeypointValue[]>();
  const boxes: BoxCandidate[] = [];
  for (const s of strides) {
    const cols = Math.ceil(input.width / s);
    const rows = Math.ceil(input.height / s);
    const cells = cols * rows;
    const cls = output(outputs, `cls_${s}`, cells, 1);
    const obj = output(outputs, `obj_${s}`, cells, 1);
    const bbox = output(outputs, `bbox_${s}`, cells, 4);
    const kps = output(outputs, `kps_${s}`, cells, 2 * KEYPOINTS);
    for (let i = 0; i < cells; i++) {
      const score = Math.sqrt(clamp01(cls[i] as number) * clamp01(obj[i] as number));
      if (!(score >= options.confidence)) continue;
      const col = i % cols;
      const row = (i - col) / cols;
      const cx = (col + (bbox[4 * i] as number)) * s;
      const cy = (row + (bbox[4 * i + 1] as number)) * s;
      const w = Math.exp(bbox[4 * i + 2] as number) * s;
      const h = Math.exp(bbox[4 * i + 3] as number) * s;
      const box = inputBoxToOriginal(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 0, score, t);
      if (!box) continue;
      const points: KeypointValue[] = [];
      for (let k = 0; k < KEYPOINTS; k++) {
        const px = (col + (kps[10 * i + 2 * k] as number)) * s;
        const py = (row + (kps[10 * i + 2 * k + 1] as number)) * s;
        points.push({ x: (px - t.padX) / t.scaleX, y: (py - t.padY) / t.scaleY, score: 1 });
      }
      pointsOf.set(box, points);
      boxes.push(box);
    }
  }
  return finishCandidates(boxes, options).map((box) => {
    const { kind: _kind, rotation: _rotation, ...rest } = box;
    return { ...rest, kind: 'keypoints' as const, keypoints: pointsOf.get(box) ?? [] };
  });
}
