// Re-thresholding OCR runs. runOcr detects and reads every region whatever
// the minimum score, then drops lines read below it as its very last step
// (nothing before depends on the score), so reading once with no minimum
// and filtering later gives exactly what a run at that minimum gives.
import type { TextCandidate } from './types';
import type { RawCandidates } from '../rethreshold';

/** The minimum score the run reads with: `score < -Infinity` drops nothing. */
export const OCR_RAW_MIN_SCORE = -Infinity;

/**
 * Journal bytes kept per task at most. A dense page (200 lines of 40
 * characters, 193 bytes each) takes 38 KB; past the budget the
 * lowest-scoring lines go.
 */
export const OCR_RAW_BUDGET = 64 * 1024;

/** A line's journal bytes: quad, box and two scores as doubles, the angle, 2 per UTF-16 unit. */
export function lineBytes(line: TextCandidate): number {
  return 14 * 8 + 1 + 2 * line.text.length;
}

/** A line every minimum keeps (NaN: `NaN < m` is false) ranks first. */
const rank = (line: TextCandidate) => (Number.isNaN(line.score) ? Infinity : line.score);

/** The smallest minimum that drops a line scoring `score` (any value above it). */
function above(score: number): number {
  return score + Math.max(Number.MIN_VALUE, Math.abs(score) * Number.EPSILON);
}

/**
 * A task's lines (read at OCR_RAW_MIN_SCORE) as its raw candidates, within
 * `budget` bytes: the best-scoring lines, in reading order. When lines are
 * dropped, `floor` lies above the best of them, so minimums from it on are exact.
 */
export function ocrRawCandidates(
  lines: readonly TextCandidate[],
  budget: number = OCR_RAW_BUDGET,
): RawCandidates {
  const total = lines.reduce((sum, line) => sum + lineBytes(line), 0);
  if (total <= budget) {
    return { candidates: [], floor: OCR_RAW_MIN_SCORE, truncated: false, lines };
  }
  const best = lines.map((_, i) => i).sort((a, b) => rank(lines[b]!) - rank(lines[a]!));
  const keep = new Set<number>();
  let bytes = 0;
  let floor = OCR_RAW_MIN_SCORE;
  for (const i of best) {
    const line = lines[i]!;
    bytes += lineBytes(line);
    if (bytes > budget) {
      floor = above(rank(line));
      break;
    }
    keep.add(i);
  }
  return {
    candidates: [],
    floor,
    truncated: true,
    lines: lines.filter((_, i) => keep.has(i)),
  };
}

export interface RethresholdedLines {
  lines: TextCandidate[];
  /** False when lines scoring at or above `minScore` may have been dropped. */
  exact: boolean;
}

/** The lines a run at `minScore` keeps: runOcr's own test, `score < minScore` drops. */
export function linesAtMinScore(raw: RawCandidates, minScore: number): RethresholdedLines {
  const lines = (raw.lines ?? []).filter((line) => !(line.score < minScore));
  return { lines, exact: !(minScore < raw.floor) };
}
