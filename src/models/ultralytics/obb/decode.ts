import type { BoxCandidate, DecodeOptions, LetterboxTransform, TensorData } from '../../types';
import { readHead, scanAnchors } from '../head';
import type { ScoredOrientedBox } from '../../shared/oriented-box';
import { orientedCorners, rotatedNms } from '../../shared/oriented-box';

/** Caps the NMS input so a near-zero confidence cannot make decoding quadratic. */
const MAX_NMS_INPUT = 30000;

/**
 * The Label Studio form of an oriented box (the convention of
 * core/results orientedBoxToRectangle): top-left corner of the unrotated box
 * turned about the centre, plus the angle in degrees clockwise in [0, 360).
 */
export function toCornerForm(b: ScoredOrientedBox): BoxCandidate {
  const cos = Math.cos(b.angle);
  const sin = Math.sin(b.angle);
  const degrees = (((b.angle * 180) / Math.PI) % 360) + 360;
  return {
    kind: 'box',
    classIndex: b.classIndex,
    score: b.score,
    x: b.cx - (b.w / 2) * cos + (b.h / 2) * sin,
    y: b.cy - (b.w / 2) * sin - (b.h / 2) * cos,
    width: b.w,
    height: b.h,
    rotation: degrees % 360,
  };
}

function touchesImage(b: ScoredOrientedBox, t: LetterboxTransform): boolean {
  const xs = orientedCorners(b).map((p) => p[0]);
  const ys = orientedCorners(b).map((p) => p[1]);
  return (
    Math.max(...xs) > 0 &&
    Math.min(...xs) < t.srcWidth &&
    Math.max(...ys) > 0 &&
    Math.min(...ys) < t.srcHeight
  );
}

/**
 * Ultralytics -obb head [1, 4+nc+1, N]: rows cx,cy,w,h (input px), nc class
 * scores, then the angle in radians → rotated boxes in original pixels after
 * rotated NMS. Boxes are kept whole (not clipped): Label Studio draws rotated
 * rectangles past the image edge. Letterbox scales both axes alike, so the
 * angle is unchanged; a stretched input (scaleX ≠ scaleY) is mapped with the
 * mean scale, which is approximate for such models.
 */
export function decodeObb(
  tensor: TensorData,
  name: string,
  classCount: number,
  transform: LetterboxTransform,
  options: DecodeOptions,
): BoxCandidate[] {
  const rows = tensor.dims[1] ?? 0;
  const nc = classCount > 0 ? classCount : rows - 5;
  const head = readHead(tensor, name, nc, 1, 'Ultralytics -obb');
  const { data: d, n } = head;
  const t = transform;
  const uniform = (t.scaleX + t.scaleY) / 2;
  const boxes: ScoredOrientedBox[] = [];
  for (const hit of scanAnchors(head, nc, options)) {
    const i = hit.anchor;
    const box: ScoredOrientedBox = {
      cx: ((hit.x1 + hit.x2) / 2 - t.padX) / t.scaleX,
      cy: ((hit.y1 + hit.y2) / 2 - t.padY) / t.scaleY,
      w: (hit.x2 - hit.x1) / uniform,
      h: (hit.y2 - hit.y1) / uniform,
      angle: d[(4 + nc) * n + i] as number,
      classIndex: hit.classIndex,
      score: hit.score,
    };
    if (box.w > 0 && box.h > 0 && touchesImage(box, t)) boxes.push(box);
  }
  boxes.sort((a, b) => b.score - a.score);
  if (boxes.length > MAX_NMS_INPUT) boxes.length = MAX_NMS_INPUT;
  const max = options.maxDetections > 0 ? options.maxDetections : Infinity;
  return rotatedNms(boxes, options.iou, max).map(toCornerForm);
}
