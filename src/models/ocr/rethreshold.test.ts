import { describe, expect, it } from 'vitest';
import type { TextCandidate } from './types';
import { lineBytes, linesAtMinScore, ocrRawCandidates } from './rethreshold';

const line = (text: string, score: number): TextCandidate => ({
  kind: 'text',
  quad: [
    [0, 0],
    [10, 0],
    [10, 5],
    [0, 5],
  ],
  box: { x: 0, y: 0, width: 10, height: 5 },
  text,
  score,
  detScore: 0.9,
  angle: 0,
});

describe('linesAtMinScore', () => {
  const raw = ocrRawCandidates([line('a', 0.9), line('b', 0.5), line('c', 0.1), line('d', NaN)]);

  it('keeps what runOcr keeps: only `score < minScore` drops, in reading order', () => {
    expect(linesAtMinScore(raw, 0.5).lines.map((l) => l.text)).toEqual(['a', 'b', 'd']);
    expect(linesAtMinScore(raw, 0.95).lines.map((l) => l.text)).toEqual(['d']);
    expect(linesAtMinScore(raw, 0).lines.map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is exact at any minimum when every line was kept, not under a higher floor', () => {
    expect(linesAtMinScore(raw, -1).exact).toBe(true);
    const partial = { ...raw, floor: 0.5 };
    expect(linesAtMinScore(partial, 0.5).exact).toBe(true);
    expect(linesAtMinScore(partial, 0.4).exact).toBe(false);
  });
});

describe('ocrRawCandidates within a byte budget', () => {
  // Scores in reading order; each line of one character takes 115 bytes.
  const scores = [0.7, 0.95, 0.3, 0.8, 0.5];
  const lines = scores.map((s, i) => line(String.fromCharCode(97 + i), s));

  it('keeps everything (floor −∞) when the lines fit', () => {
    const raw = ocrRawCandidates(lines, 5 * lineBytes(lines[0]!));
    expect(raw).toMatchObject({ floor: -Infinity, truncated: false });
    expect(raw.lines).toHaveLength(5);
  });

  it('keeps the best lines in reading order, exact only for minimums above every dropped line', () => {
    const raw = ocrRawCandidates(lines, 3 * lineBytes(lines[0]!));
    // 0.95, 0.8 and 0.7 are kept; 0.5 and 0.3 dropped.
    expect(raw.lines?.map((l) => l.text)).toEqual(['a', 'b', 'd']);
    expect(raw.truncated).toBe(true);
    expect(raw.floor).toBeGreaterThan(0.5);
    for (const minScore of [0, 0.3, 0.5, 0.500001, 0.6, 0.7, 0.9]) {
      const derived = linesAtMinScore(raw, minScore);
      const full = linesAtMinScore(ocrRawCandidates(lines, Infinity), minScore);
      // Exact exactly when no dropped line would pass: minimum above 0.5.
      expect(derived.exact).toBe(minScore > 0.5);
      if (derived.exact) expect(derived.lines).toEqual(full.lines);
      else expect(derived.lines.length).toBeLessThan(full.lines.length);
    }
  });
});
