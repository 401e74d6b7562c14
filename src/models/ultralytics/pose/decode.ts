import type {
  BoxCandidate,
  DecodeOptions,
  KeypointCandidate,
  KeypointValue,
  LetterboxTransform,
  TensorData,
} from '../../types';
import { finishCandidates, inputBoxToOriginal } from '../../shared/candidates';
import type { AnchorHit } from '../head';
import { readHead, scanAnchors } from '../head';

export interface PoseLayout {
  classCount: number;
  keypointCount: number;
  /** 3: x, y, visibility (sigmoid applied by the export); 2: x, y. */
  valuesPerKeypoint: 2 | 3;
}

/**
 * Ultralytics -pose head [1, 4+nc+K·v, N] → boxes (threshold, class-aware NMS)
 * with their K keypoints in original pixels. Keypoint k of anchor i is rows
 * 4+nc+k·v (x), +1 (y), +2 (visibility), in model-input pixels.
 */
export function decodePose(
  tensor: TensorData,
  name: string,
  layout: PoseLayout,
  transform: LetterboxTransform,
  options: DecodeOptions,
): KeypointCandidate[] {
  const { classCount: nc, keypointCount: k, valuesPerKeypoint: v } = layout;
  const head = readHead(tensor, name, nc, k * v, 'Ultralytics -pose');
  const hitOf = new Map<BoxCandidate, AnchorHit>();
  const boxes: BoxCandidate[] = [];
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
    hitOf.set(box, hit);
    boxes.push(box);
  }
  const { data: d, n } = head;
  const t = transform;
  return finishCandidates(boxes, options).map((box) => {
    const anchor = (hitOf.get(box) as AnchorHit).anchor;
    const keypoints: KeypointValue[] = [];
    for (let j = 0; j < k; j++) {
      const row = 4 + nc + j * v;
      keypoints.push({
        x: ((d[row * n + anchor] as number) - t.padX) / t.scaleX,
        y: ((d[(row + 1) * n + anchor] as number) - t.padY) / t.scaleY,
        score: v === 3 ? (d[(row + 2) * n + anchor] as number) : 1,
      });
    }
    const { kind: _kind, rotation: _rotation, ...rest } = box;
    return { ...rest, kind: 'keypoints' as const, keypoints };
  });
}
