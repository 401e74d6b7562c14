// Re-thresholding mask runs. A candidate's mask does not depend on any
// threshold (instance masks come from its own coefficients, semantic ones
// from the class map), so the relaxed decode computes each kept candidate's
// mask once, exactly as the decoder does, and keeps it as run lengths: a
// few hundred bytes per mask instead of the prototypes or logits it came
// from. Re-thresholding then filters and suppresses the boxes as the decoder
// does and expands the masks of those kept, bit for bit the decoder's.

import type { DecodeOptions, MaskCandidate, PlacedMask } from './types';
import { rethreshold, type RawCandidates, type RawPlan, type Suppression } from './rethreshold';

/** A binary mask as run lengths. */
export interface CompactMask {
  width: number;
  height: number;
  placement: PlacedMask['placement'];
  /**
   * Row-major run lengths alternating off, on, off… (the first run may be 0),
   * each an unsigned LEB128 varint: 1 byte for runs under 128 cells.
   */
  runs: Uint8Array;
}

export interface RawMaskCandidate extends Omit<MaskCandidate, 'mask'> {
  /**
   * Null when the box covers no image pixel: the -seg decoder suppresses
   * with such a box, then drops it; re-thresholding does the same.
   */
  mask: CompactMask | null;
}

export interface MaskRawPlan extends RawPlan {
  /** Run-length bytes kept per task at most; the candidates after are dropped (truncated). */
  budget: number;
}

/**
 * Instance masks: candidates down to 0.05, at most 100, at most 64 KiB of
 * runs. Per candidate the journal adds 89 bytes (kind, class, score, box,
 * grid size, placement, run offset), so a task keeps ≤ 100 × 89 + 65 536 ≈ 74 KB.
 */
export const MASK_RAW_PLAN: MaskRawPlan = { floor: 0.05, cap: 100, budget: 64 * 1024 };

/** The min-area filter of semantic masks when the manifest sets none (decodeSemantic's default). */
const DEFAULT_MIN_AREA_FRACTION = 0.001;

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export function compactMask(mask: PlacedMask): CompactMask {
  const bytes: number[] = [];
  const { data } = mask;
  let value = 0;
  let run = 0;
  for (let i = 0; i < data.length; i++) {
    const on = data[i] !== 0 ? 1 : 0;
    if (on === value) {
      run++;
      continue;
    }
    pushVarint(bytes, run);
    value = on;
    run = 1;
  }
  pushVarint(bytes, run);
  return {
    width: mask.width,
    height: mask.height,
    placement: { ...mask.placement },
    runs: Uint8Array.from(bytes),
  };
}

/** Calls `each(length, on)` for every run of the mask. */
function forEachRun(runs: Uint8Array, each: (length: number, on: boolean) => void): void {
  let on = false;
  let value = 0;
  let scale = 1;
  for (const byte of runs) {
    value += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 128;
      continue;
    }
    each(value, on);
    on = !on;
    value = 0;
    scale = 1;
  }
}

/** The mask the decoder made (cells 1 = object). */
export function expandMask(compact: CompactMask): PlacedMask {
  const data = new Uint8Array(compact.width * compact.height);
  let at = 0;
  forEachRun(compact.runs, (length, on) => {
    if (on) data.fill(1, at, at + length);
    at += length;
  });
  return {
    width: compact.width,
    height: compact.height,
    data,
    placement: { ...compact.placement },
  };
}

/** Object cells of the mask. */
export function maskArea(compact: CompactMask): number {
  let area = 0;
  forEachRun(compact.runs, (length, on) => {
    if (on) area += length;
  });
  return area;
}

/** A box-like candidate before its mask is made. */
export interface MaskSource {
  classIndex: number;
  score: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The relaxed decode's candidates (best first, `decodeOptions` as used) →
 * raw mask candidates, making each mask only as it is kept: the cap and the
 * byte budget bound both the work and the bytes per task.
 */
export function keepMasks<S extends MaskSource>(
  sources: readonly S[],
  maskOf: (source: S) => PlacedMask | null,
  decodeOptions: DecodeOptions,
  budget: number,
): RawCandidates<RawMaskCandidate> {
  const { maxDetections } = decodeOptions;
  const candidates: RawMaskCandidate[] = [];
  let truncated = maxDetections > 0 && sources.length >= maxDetections;
  let bytes = 0;
  for (const source of sources) {
    const placed = maskOf(source);
    const mask = placed && compactMask(placed);
    const size = mask?.runs.byteLength ?? 0;
    if (bytes + size > budget) {
      truncated = true;
      break;
    }
    bytes += size;
    const { classIndex, score, x, y, width, height } = source;
    candidates.push({ kind: 'mask', classIndex, score, x, y, width, height, mask });
  }
  return { candidates, floor: decodeOptions.confidence, truncated };
}

export interface RethresholdedMasks {
  candidates: MaskCandidate[];
  exact: boolean;
}

/**
 * `options` applied to a task's raw mask candidates: thresholds, the
 * semantic min-area filter (when the raw list says how many cells the image
 * covered), suppression and cap as the decoder does, then each kept mask.
 */
export function rethresholdMasks(
  raw: RawCandidates<RawMaskCandidate>,
  options: DecodeOptions,
  suppression: Suppression,
  minAreaFraction = DEFAULT_MIN_AREA_FRACTION,
): RethresholdedMasks {
  const covered = raw.coveredCells;
  const minArea = covered === undefined ? 0 : Math.max(1, minAreaFraction * covered);
  const accept =
    covered === undefined
      ? undefined
      : (c: RawMaskCandidate) => c.mask !== null && !(maskArea(c.mask) < minArea);
  const { candidates, exact } = rethreshold(raw, options, raw.suppression ?? suppression, accept);
  const masks = candidates.flatMap((c): MaskCandidate[] =>
    c.mask ? [{ ...c, mask: expandMask(c.mask) }] : [],
  );
  return { candidates: masks, exact };
}
