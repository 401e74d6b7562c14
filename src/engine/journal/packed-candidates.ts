// A task's raw candidates as a few typed arrays: IndexedDB stores typed arrays
// as bytes (structured clone), far smaller and faster than objects, and 50k
// tasks × up to 300 candidates must stay cheap. Float64 keeps every value
// exactly, so predictions re-derived later equal those of the run. Masks
// (already run lengths) and OCR lines are packed by packed-masks.ts and
// packed-lines.ts.

import type { RawCandidates } from '../../models/rethreshold';
import type { RawCandidate } from '../../models/rethreshold';
import type { RawMaskCandidate } from '../../models/rethreshold-masks';
import type { KeypointValue } from '../../models/types';
import { packMasks, packedMasksBytes, unpackMask, type PackedMasks } from './packed-masks';
import { packLines, packedLinesBytes, unpackLines, type PackedLines } from './packed-lines';

const KIND_CODES = { box: 0, keypoints: 1, class: 2, mask: 3 } as const;
const KINDS = ['box', 'keypoints', 'class', 'mask'] as const;

export interface PackedCandidates {
  count: number;
  /** Per candidate: 0 box, 1 keypoints, 2 class, 3 mask. */
  kinds: Uint8Array;
  classes: Int32Array;
  scores: Float64Array;
  /** Per candidate x, y, width, height (+ rotation when boxStride is 5; NaN = none). */
  boxes: Float64Array;
  /** 4, or 5 when any candidate is rotated (oriented boxes). */
  boxStride: 4 | 5;
  /** Per candidate margin, entropy (NaN = none); empty when no candidate is a class. */
  stats: Float64Array;
  /** Keypoints per instance (all instances of a model have the same count). */
  keypointsPer: number;
  /** x, y, score of each keypoint, instances in order. */
  keypoints: Float64Array;
  floor: number;
  truncated: boolean;
  /** The masks of the mask candidates, in order (absent when there are none). */
  masks?: PackedMasks;
  /** OCR: every line read. */
  lines?: PackedLines;
  suppression?: RawCandidates['suppression'];
  coveredCells?: number;
}

const orNaN = (v: number | undefined) => (v === undefined ? NaN : v);

export function packCandidates(raw: RawCandidates): PackedCandidates {
  const list = raw.candidates;
  const count = list.length;
  const kinds = new Uint8Array(count);
  const classes = new Int32Array(count);
  const scores = new Float64Array(count);
  const rotated = list.some((c) => c.kind === 'box' && c.rotation !== undefined);
  const boxStride = rotated ? 5 : 4;
  const boxes = new Float64Array(count * boxStride);
  const hasStats = list.some((c) => c.kind === 'class');
  const stats = new Float64Array(hasStats ? count * 2 : 0);
  let keypointsPer = 0;
  for (const c of list)
    if (c.kind === 'keypoints') keypointsPer = Math.max(keypointsPer, c.keypoints.length);
  const instances = list.filter((c) => c.kind === 'keypoints').length;
  const keypoints = new Float64Array(instances * keypointsPer * 3).fill(NaN);
  let k = 0;
  list.forEach((c, i) => {
    kinds[i] = KIND_CODES[c.kind];
    classes[i] = c.classIndex;
    scores[i] = c.score;
    boxes.set([c.x, c.y, c.width, c.height], i * boxStride);
    if (rotated) boxes[i * 5 + 4] = c.kind === 'box' ? orNaN(c.rotation) : NaN;
    if (hasStats) {
      stats.set(c.kind === 'class' ? [orNaN(c.margin), orNaN(c.entropy)] : [NaN, NaN], i * 2);
    }
    if (c.kind === 'keypoints') {
      c.keypoints.forEach((p, j) => keypoints.set([p.x, p.y, p.score], (k * keypointsPer + j) * 3));
      k++;
    }
  });
  const masks = list.filter((c): c is RawMaskCandidate => c.kind === 'mask');
  return {
    count,
    kinds,
    classes,
    scores,
    boxes,
    boxStride,
    stats,
    keypointsPer,
    keypoints,
    floor: raw.floor,
    truncated: raw.truncated,
    ...(masks.length > 0 ? { masks: packMasks(masks.map((c) => c.mask)) } : {}),
    ...(raw.lines ? { lines: packLines(raw.lines) } : {}),
    ...(raw.suppression ? { suppression: raw.suppression } : {}),
    ...(raw.coveredCells !== undefined ? { coveredCells: raw.coveredCells } : {}),
  };
}

export function unpackCandidates(packed: PackedCandidates): RawCandidates {
  const { boxes, boxStride, stats, keypoints, keypointsPer } = packed;
  const candidates: RawCandidate[] = [];
  let k = 0;
  let m = 0;
  for (let i = 0; i < packed.count; i++) {
    const kind = KINDS[packed.kinds[i] as number] ?? 'box';
    const at = (j: number) => boxes[i * boxStride + j] as number;
    const base = {
      classIndex: packed.classes[i] as number,
      score: packed.scores[i] as number,
      x: at(0),
      y: at(1),
      width: at(2),
      height: at(3),
    };
    if (kind === 'box') {
      const rotation = boxStride === 5 ? at(4) : NaN;
      candidates.push(Number.isNaN(rotation) ? { kind, ...base } : { kind, ...base, rotation });
    } else if (kind === 'mask') {
      candidates.push({ kind, ...base, mask: packed.masks ? unpackMask(packed.masks, m) : null });
      m++;
    } else if (kind === 'class') {
      const margin = stats[i * 2] ?? NaN;
      const entropy = stats[i * 2 + 1] ?? NaN;
      candidates.push({
        kind,
        ...base,
        ...(Number.isNaN(margin) ? {} : { margin }),
        ...(Number.isNaN(entropy) ? {} : { entropy }),
      });
    } else {
      const points: KeypointValue[] = [];
      for (let j = 0; j < keypointsPer; j++) {
        const o = (k * keypointsPer + j) * 3;
        const x = keypoints[o] as number;
        // Fewer keypoints than the widest instance: the rest were padding.
        if (Number.isNaN(x)) break;
        points.push({ x, y: keypoints[o + 1] as number, score: keypoints[o + 2] as number });
      }
      k++;
      candidates.push({ kind, ...base, keypoints: points });
    }
  }
  return {
    candidates,
    floor: packed.floor,
    truncated: packed.truncated,
    ...(packed.lines ? { lines: unpackLines(packed.lines) } : {}),
    ...(packed.suppression ? { suppression: packed.suppression } : {}),
    ...(packed.coveredCells !== undefined ? { coveredCells: packed.coveredCells } : {}),
  };
}

/** Bytes the packed arrays take (for storage estimates and tests). */
export function packedBytes(p: PackedCandidates): number {
  const arrays = [p.kinds, p.classes, p.scores, p.boxes, p.stats, p.keypoints].reduce(
    (sum, a) => sum + a.byteLength,
    0,
  );
  return (
    arrays + (p.masks ? packedMasksBytes(p.masks) : 0) + (p.lines ? packedLinesBytes(p.lines) : 0)
  );
}
