import type {
  BoxCandidate,
  DecodeOptions,
  LetterboxTransform,
  MaskCandidate,
  PlacedMask,
  TensorData,
} from '../../types';
import { classThreshold, finishCandidates, inputBoxToOriginal } from '../../shared/candidates';
import { ModelLayoutError } from '../../shared/errors';
import { formatDims } from '../../shared/model-io';
import { floatData } from '../../shared/tensor';
import { readHead, scanAnchors } from '../head';
import type { InputBox, Prototypes } from './mask';
import { instanceMask } from './mask';
import { SEG_EXPECTS } from './meta';

function readPrototypes(tensor: TensorData, name: string): Prototypes {
  const { dims } = tensor;
  if (dims.length !== 4 || dims[0] !== 1) {
    throw new ModelLayoutError(
      `prototype output "${name}" has shape ${formatDims(dims)}`,
      SEG_EXPECTS,
    );
  }
  return {
    data: floatData(tensor, name),
    count: dims[1] as number,
    height: dims[2] as number,
    width: dims[3] as number,
  };
}

/** Where a detection's mask coefficients sit in the head's data. */
interface SegHit extends InputBox {
  coefficientsAt: number;
  stride: number;
}

/**
 * True for an NMS-free export (YOLO26, `nms=True`): [1, K, 6+nm] rows of
 * x1,y1,x2,y2,score,class then the mask coefficients.
 */
function isEnd2End(dims: readonly number[], classCount: number, nm: number): boolean {
  const [, a = 0, b = 0] = dims;
  return b === 6 + nm && a !== 4 + classCount + nm;
}

/** Candidates of an NMS-free head, thresholded only. */
function end2endHits(
  tensor: TensorData,
  name: string,
  transform: LetterboxTransform,
  options: DecodeOptions,
  hitOf: Map<BoxCandidate, SegHit>,
): BoxCandidate[] {
  const d = floatData(tensor, name);
  const [, k = 0, cols = 0] = tensor.dims;
  const out: BoxCandidate[] = [];
  for (let i = 0; i < k; i++) {
    const o = i * cols;
    const score = d[o + 4] as number;
    const cls = Math.round(d[o + 5] as number);
    if (cls < 0 || !(score >= classThreshold(cls, options))) continue;
    const x1 = d[o] as number;
    const y1 = d[o + 1] as number;
    const x2 = d[o + 2] as number;
    const y2 = d[o + 3] as number;
    const box = inputBoxToOriginal(x1, y1, x2, y2, cls, score, transform);
    if (!box) continue;
    hitOf.set(box, { x1, y1, x2, y2, coefficientsAt: o + 6, stride: 1 });
    out.push(box);
  }
  return out;
}

/** The boxes a -seg head keeps, and how to make each one's mask. */
export interface SegDetections {
  /** Thresholded, suppressed (unless NMS-free) and capped, best first. */
  boxes: BoxCandidate[];
  /** True for an NMS-free head: thresholds and cap only. */
  end2end: boolean;
  /** The mask of one of `boxes` (null when its box has no pixel inside the image). */
  maskOf(box: BoxCandidate): PlacedMask | null;
}

/**
 * The boxes of an Ultralytics -seg head, as a detect head keeps them
 * (threshold, class-aware NMS, cap; NMS-free heads: threshold and cap),
 * with their masks made on demand: a mask depends on its box only, not on
 * which other boxes are kept. `classCount` 0 means "rows after the box
 * minus the mask coefficients".
 */
export function segmentDetections(
  boxes: [string, TensorData],
  prototypes: [string, TensorData],
  classCount: number,
  input: { width: number; height: number },
  transform: LetterboxTransform,
  options: DecodeOptions,
): SegDetections {
  const protos = readPrototypes(prototypes[1], prototypes[0]);
  const [name, tensor] = boxes;
  const hitOf = new Map<BoxCandidate, SegHit>();
  let data: Float32Array;
  let kept: BoxCandidate[];
  const end2end = isEnd2End(tensor.dims, classCount, protos.count);
  if (end2end) {
    data = floatData(tensor, name);
    kept = finishCandidates(end2endHits(tensor, name, transform, options, hitOf), options, false);
  } else {
    const rows = tensor.dims[1] ?? 0;
    const nc = classCount > 0 ? classCount : rows - 4 - protos.count;
    const head = readHead(tensor, name, nc, protos.count, 'Ultralytics -seg');
    data = head.data;
    const candidates: BoxCandidate[] = [];
    for (const hit of scanAnchors(head, nc, options)) {
      const box = inputBoxToOriginal(
        hit.x1,
        hit.y1,
        hit.x2,
        hit.y2,
        hit.classIndex,
        hit.score,
        transform,
      );
      if (!box) continue;
      hitOf.set(box, { ...hit, coefficientsAt: (4 + nc) * head.n + hit.anchor, stride: head.n });
      candidates.push(box);
    }
    kept = finishCandidates(candidates, options);
  }

  const coefficients = new Float32Array(protos.count);
  const maskOf = (box: BoxCandidate): PlacedMask | null => {
    const hit = hitOf.get(box) as SegHit;
    for (let k = 0; k < protos.count; k++) {
      coefficients[k] = data[hit.coefficientsAt + k * hit.stride] as number;
    }
    return instanceMask(coefficients, protos, hit, input.width, input.height, transform);
  };
  return { boxes: kept, end2end, maskOf };
}

/** Ultralytics -seg outputs → one MaskCandidate per kept detection (segmentDetections). */
export function decodeSegment(
  boxes: [string, TensorData],
  prototypes: [string, TensorData],
  classCount: number,
  input: { width: number; height: number },
  transform: LetterboxTransform,
  options: DecodeOptions,
): MaskCandidate[] {
  const found = segmentDetections(boxes, prototypes, classCount, input, transform, options);
  return found.boxes.flatMap((box) => {
    const mask = found.maskOf(box);
    if (!mask) return [];
    const { kind: _kind, rotation: _rotation, ...rest } = box;
    return [{ ...rest, kind: 'mask' as const, mask }];
  });
}
