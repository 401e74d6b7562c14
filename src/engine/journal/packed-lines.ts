// A task's OCR lines as typed arrays plus their texts: geometry and scores
// stay Float64, so lines filtered later build the very prediction of the run.

import type { Quad, TextCandidate } from '../../models/ocr/types';

export interface PackedLines {
  /** Per line: the quad's 4 corners x, y. */
  quads: Float64Array;
  /** Per line: box x, y, width, height. */
  boxes: Float64Array;
  /** Per line: recognition score, detection score. */
  scores: Float64Array;
  /** Per line: 0 or 180. */
  angles: Uint8Array;
  texts: string[];
}

export function packLines(lines: readonly TextCandidate[]): PackedLines {
  const n = lines.length;
  const quads = new Float64Array(n * 8);
  const boxes = new Float64Array(n * 4);
  const scores = new Float64Array(n * 2);
  const angles = new Uint8Array(n);
  lines.forEach((line, i) => {
    quads.set(line.quad.flat(), i * 8);
    boxes.set([line.box.x, line.box.y, line.box.width, line.box.height], i * 4);
    scores.set([line.score, line.detScore], i * 2);
    angles[i] = line.angle;
  });
  return { quads, boxes, scores, angles, texts: lines.map((line) => line.text) };
}

export function unpackLines(packed: PackedLines): TextCandidate[] {
  return packed.texts.map((text, i) => {
    const q = (j: number) => packed.quads[i * 8 + j] as number;
    const b = (j: number) => packed.boxes[i * 4 + j] as number;
    const quad: Quad = [
      [q(0), q(1)],
      [q(2), q(3)],
      [q(4), q(5)],
      [q(6), q(7)],
    ];
    return {
      kind: 'text',
      quad,
      box: { x: b(0), y: b(1), width: b(2), height: b(3) },
      text,
      score: packed.scores[i * 2] as number,
      detScore: packed.scores[i * 2 + 1] as number,
      angle: packed.angles[i] === 180 ? 180 : 0,
    };
  });
}

/** Typed arrays plus 2 bytes per UTF-16 unit of text (how IndexedDB holds strings, at most). */
export function packedLinesBytes(p: PackedLines): number {
  const text = p.texts.reduce((sum, t) => sum + 2 * t.length, 0);
  return p.quads.byteLength + p.boxes.byteLength + p.scores.byteLength + p.angles.byteLength + text;
}
