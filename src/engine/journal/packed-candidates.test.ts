import { describe, expect, it } from 'vitest';
import type { RawCandidates } from '../../models/rethreshold';
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
});
