import { describe, expect, it } from 'vitest';
import type { TextCandidate } from '../../models/ocr/types';
import type { RawCandidates } from '../../models/rethreshold';
import { compactMask, type RawMaskCandidate } from '../../models/rethreshold-masks';
import { ocrRawCandidates } from '../../models/ocr/rethreshold';
import { packCandidates, packedBytes, unpackCandidates } from './packed-candidates';

describe('packed candidates', () => {
  it('round-trips boxes, rotated boxes, keypoint instances and classes exactly', () => {
    const raw: RawCandidates = {
      floor: 0.05,
      truncated: true,
      candidates: [
        { kind: 'box', classIndex: 3, score: 0.1 + 0.2, x: 1 / 3, y: 2, width: 3, height: 4 },
        { kind: 'box', classIndex: 0, score: 0.5, x: 1, y: 2, width: 3, height: 4, rotation: 0 },
        {
          kind: 'keypoints',
          classIndex: 0,
          score: 0.7,
          x: 5,
          y: 6,
          width: 7,
          height: 8,
          keypoints: [
            { x: 1.5, y: 2.5, score: 0.9 },
            { x: 3.5, y: 4.5, score: 0.1 },
          ],
        },
        {
          kind: 'keypoints',
          classIndex: 0,
          score: 0.6,
          x: 0,
          y: 0,
          width: 1,
          height: 1,
          keypoints: [],
        },
        {
          kind: 'class',
          classIndex: 9,
          score: 0.8,
          x: 0,
          y: 0,
          width: 10,
          height: 10,
          margin: 0.4,
          entropy: 0.2,
        },
        { kind: 'class', classIndex: 2, score: 0.05, x: 0, y: 0, width: 10, height: 10 },
      ],
    };
    const packed = packCandidates(raw);
    expect(packed.count).toBe(6);
    // Doubles stay doubles: 0.1 + 0.2 is not 0.3, and must come back as it was.
    expect(unpackCandidates(packed)).toEqual(raw);
    // A rotation of 0 is kept (oriented boxes), an absent one stays absent.
    const [plain, rotated] = unpackCandidates(packed).candidates;
    expect(plain).not.toHaveProperty('rotation');
    expect(rotated).toHaveProperty('rotation', 0);
  });

  it('takes 8 bytes per number and stores no rotation or class statistics it does not need', () => {
    const candidates = Array.from({ length: 300 }, (_, i) => ({
      kind: 'box' as const,
      classIndex: i % 80,
      score: Math.random(),
      x: Math.random() * 1000,
      y: Math.random() * 1000,
      width: Math.random() * 100,
      height: Math.random() * 100,
    }));
    const packed = packCandidates({ candidates, floor: 0.05, truncated: true });
    // kind 1 + class 4 + score 8 + x,y,w,h 32 bytes per candidate.
    expect(packedBytes(packed)).toBe(300 * 45);
    expect(packedBytes(packed)).toBeLessThan(JSON.stringify(candidates).length / 2);
  });

  it('round-trips mask candidates (with and without a mask), suppression and covered cells', () => {
    const mask = (width: number, height: number, bits: number[], x: number) =>
      compactMask({
        width,
        height,
        data: Uint8Array.from(bits),
        placement: { x, y: 1 / 3, width: width * 1.7, height: height * 1.7 },
      });
    const candidate = (score: number, m: RawMaskCandidate['mask']): RawMaskCandidate => ({
      kind: 'mask',
      classIndex: 2,
      score,
      x: 0.1 + 0.2,
      y: 4,
      width: 5,
      height: 6,
      mask: m,
    });
    const raw: RawCandidates = {
      floor: 0.05,
      truncated: true,
      suppression: 'none',
      coveredCells: 66049,
      candidates: [
        candidate(0.9, mask(3, 2, [0, 1, 1, 1, 1, 0], 2.5)),
        candidate(0.8, null),
        candidate(
          0.7,
          mask(
            200,
            1,
            Array.from({ length: 200 }, (_, i) => (i > 3 ? 1 : 0)),
            7,
          ),
        ),
      ],
    };
    const packed = packCandidates(raw);
    expect(unpackCandidates(packed)).toEqual(raw);
    // Per mask candidate: 45 bytes as a box, 8 grid, 32 placement, 4 run offset, plus its runs.
    const runs = raw.candidates.reduce(
      (s, c) => s + ((c as RawMaskCandidate).mask?.runs.byteLength ?? 0),
      0,
    );
    expect(packedBytes(packed)).toBe(3 * (45 + 8 + 32 + 4) + runs);
  });

  it('round-trips OCR lines exactly, texts and all', () => {
    const line = (text: string, score: number, angle: 0 | 180): TextCandidate => ({
      kind: 'text',
      quad: [
        [1 / 3, 2],
        [100.25, 2.5],
        [100, 30],
        [1, 29.75],
      ],
      box: { x: 1 / 3, y: 2, width: 100.25 - 1 / 3, height: 28 },
      text,
      score,
      detScore: 0.7,
      angle,
    });
    const raw = ocrRawCandidates([
      line('Invoice № 12 — ✓', 0.1 + 0.2, 0),
      line('床前明月光', 0.01, 180),
    ]);
    const packed = packCandidates(raw);
    expect(unpackCandidates(packed)).toEqual(raw);
    expect(unpackCandidates(packed).floor).toBe(-Infinity);
    // Per line: 8 + 4 + 2 doubles and the angle byte, plus 2 bytes per UTF-16 unit.
    expect(packedBytes(packed)).toBe(2 * (14 * 8 + 1) + 2 * (16 + 5));
  });
});
