import { describe, expect, it } from 'vitest';
import {
  padSegments,
  SpeechSegmenter,
  splitLongSegments,
  type SegmentRules,
} from './speech-segments';

// 0.1 s frames keep the arithmetic readable.
const FRAME = 0.1;
const rules: SegmentRules = {
  threshold: 0.5,
  minSpeechSeconds: 0.25,
  minSilenceSeconds: 0.2,
  padSeconds: 0,
};

function segmentsOf(probs: number[], r: Partial<SegmentRules> = {}) {
  const segmenter = new SpeechSegmenter({ ...rules, ...r }, FRAME);
  for (const p of probs) segmenter.push(p);
  return segmenter.finish(probs.length * FRAME).map((s) => ({
    start: +s.start.toFixed(3),
    end: +s.end.toFixed(3),
    score: +s.score.toFixed(3),
  }));
}

describe('SpeechSegmenter', () => {
  it('opens at the threshold and closes after enough quiet, scoring the mean probability', () => {
    const probs = [0.1, 0.1, 0.9, 0.8, 0.7, 0.9, 0.1, 0.1, 0.1, 0.1];
    expect(segmentsOf(probs)).toEqual([{ start: 0.2, end: 0.6, score: 0.825 }]);
  });

  it('hysteresis: probabilities between the end threshold and the threshold keep speech going', () => {
    // 0.4 ≥ 0.35 (= 0.5 − 0.15): no quiet begins, though it is under the threshold.
    const probs = [0.9, 0.9, 0.9, 0.4, 0.4, 0.4, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1];
    expect(segmentsOf(probs)).toEqual([{ start: 0, end: 0.9, score: 0.733 }]);
    // With the end threshold at the threshold, the same 0.4 frames are quiet and split it.
    expect(segmentsOf(probs, { negThreshold: 0.5 })).toEqual([
      { start: 0, end: 0.3, score: 0.9 },
      { start: 0.6, end: 0.9, score: 0.9 },
    ]);
  });

  it('a pause shorter than the minimum silence does not split; a longer one does', () => {
    const probs = [0.9, 0.9, 0.9, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1];
    expect(segmentsOf(probs)).toEqual([
      { start: 0, end: 0.7, score: 0.786 },
      { start: 1.0, end: 1.3, score: 0.9 },
    ]);
  });

  it('drops segments not longer than the minimum speech duration', () => {
    expect(segmentsOf([0.1, 0.9, 0.9, 0.1, 0.1, 0.1])).toEqual([]);
    expect(segmentsOf([0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1])).toEqual([
      { start: 0.1, end: 0.4, score: 0.9 },
    ]);
  });

  it('closes a segment still open at the end of the audio', () => {
    expect(segmentsOf([0.1, 0.1, 0.9, 0.9, 0.9, 0.9])).toEqual([
      { start: 0.2, end: 0.6, score: 0.9 },
    ]);
  });

  it('finds nothing in silence', () => {
    expect(segmentsOf(new Array(50).fill(0.01))).toEqual([]);
  });

  it('rejects rules that make no sense, naming the rule', () => {
    expect(() => new SpeechSegmenter({ ...rules, threshold: 1.5 }, FRAME)).toThrow(
      'VAD threshold 1.5 is not in (0, 1)',
    );
    expect(() => new SpeechSegmenter({ ...rules, negThreshold: 0.7 }, FRAME)).toThrow(
      /end threshold 0.7/,
    );
    expect(() => new SpeechSegmenter({ ...rules, padSeconds: -1 }, FRAME)).toThrow(/padding -1 s/);
  });
});

describe('padSegments', () => {
  it('pads each side within the audio, and splits a gap narrower than twice the padding', () => {
    const segs = [
      { start: 0.05, end: 1, score: 1 },
      { start: 1.1, end: 2, score: 1 },
      { start: 3, end: 3.95, score: 1 },
    ];
    const padded = padSegments(segs, 0.1, 4).map((s) => [+s.start.toFixed(3), +s.end.toFixed(3)]);
    expect(padded).toEqual([
      [0, 1.05],
      [1.05, 2.1],
      [2.9, 4],
    ]);
  });
});

describe('splitLongSegments', () => {
  it('cuts a segment longer than the maximum into equal parts and leaves shorter ones', () => {
    const parts = splitLongSegments(
      [
        { start: 0, end: 10, score: 0.9 },
        { start: 20, end: 95, score: 0.8 },
      ],
      30,
    );
    expect(parts.map((p) => [p.start, p.end, p.score])).toEqual([
      [0, 10, 0.9],
      [20, 45, 0.8],
      [45, 70, 0.8],
      [70, 95, 0.8],
    ]);
  });

  it('a continuous hour of speech becomes 30 s segments (a recogniser never buffers more)', () => {
    const segmenter = new SpeechSegmenter({ ...rules, maxSpeechSeconds: 30 }, FRAME);
    for (let i = 0; i < 36000; i++) segmenter.push(0.9);
    const segments = segmenter.finish(3600);
    expect(segments).toHaveLength(120);
    expect(Math.max(...segments.map((s) => s.end - s.start))).toBeCloseTo(30, 6);
  });
});
