// Overlapping windows over a long piece sequence: a model reads at most
// `room` pieces at once; consecutive windows share `overlap` pieces, and each
// piece takes its prediction from the window where it sits farthest from an
// edge (least cut-off context).

export interface PieceWindow {
  start: number;
  end: number;
}

export function pieceWindows(count: number, room: number, overlap: number): PieceWindow[] {
  if (room < 1) throw new RangeError('a window must hold at least one piece');
  const step = Math.max(1, room - Math.min(overlap, room - 1));
  const windows: PieceWindow[] = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(count, start + room);
    windows.push({ start, end });
    if (end >= count) break;
  }
  return windows;
}

/** For each piece, the index of the window that should predict it. */
export function ownerWindows(count: number, windows: readonly PieceWindow[]): Int32Array {
  const owner = new Int32Array(count).fill(-1);
  const margin = new Int32Array(count).fill(-1);
  windows.forEach((w, wi) => {
    for (let p = w.start; p < w.end; p++) {
      const m = Math.min(p - w.start, w.end - 1 - p);
      if (m > (margin[p] as number)) {
        margin[p] = m;
        owner[p] = wi;
      }
    }
  });
  return owner;
}
