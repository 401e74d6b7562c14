// The compact masks of a task's raw mask candidates as three typed arrays:
// their run lengths end to end (already bytes), and per mask its grid size
// and placement. Placements stay Float64, so re-derived masks sit exactly
// where the run put them.

import type { CompactMask } from '../../models/rethreshold-masks';

export interface PackedMasks {
  /** Per mask: grid width, height; −1, −1 for a candidate without a mask. */
  grids: Int32Array;
  /** Per mask: placement x, y, width, height (original pixels). */
  placements: Float64Array;
  /** Per mask: where its runs end in `runs`. */
  runEnds: Uint32Array;
  runs: Uint8Array;
}

export function packMasks(masks: readonly (CompactMask | null)[]): PackedMasks {
  const count = masks.length;
  const grids = new Int32Array(count * 2).fill(-1);
  const placements = new Float64Array(count * 4);
  const runEnds = new Uint32Array(count);
  let total = 0;
  for (const mask of masks) total += mask?.runs.byteLength ?? 0;
  const runs = new Uint8Array(total);
  let at = 0;
  masks.forEach((mask, i) => {
    if (mask) {
      const { x, y, width, height } = mask.placement;
      grids.set([mask.width, mask.height], i * 2);
      placements.set([x, y, width, height], i * 4);
      runs.set(mask.runs, at);
      at += mask.runs.byteLength;
    }
    runEnds[i] = at;
  });
  return { grids, placements, runEnds, runs };
}

/** The i-th mask (null for a candidate without one). */
export function unpackMask(packed: PackedMasks, i: number): CompactMask | null {
  const width = packed.grids[i * 2] as number;
  const height = packed.grids[i * 2 + 1] as number;
  if (width < 0 || height < 0) return null;
  const start = i > 0 ? (packed.runEnds[i - 1] as number) : 0;
  const end = packed.runEnds[i] as number;
  const p = (j: number) => packed.placements[i * 4 + j] as number;
  return {
    width,
    height,
    placement: { x: p(0), y: p(1), width: p(2), height: p(3) },
    runs: packed.runs.slice(start, end),
  };
}

export function packedMasksBytes(p: PackedMasks): number {
  return p.grids.byteLength + p.placements.byteLength + p.runEnds.byteLength + p.runs.byteLength;
}
