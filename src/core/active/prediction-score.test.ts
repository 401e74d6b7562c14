import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCORE_AGGREGATIONS } from '../export/score';
import { closestNearMiss, nearMissCertainty, predictionScore } from './prediction-score';

describe('nearMissCertainty', () => {
  it('is ≈ 0 just under the threshold, 1 far below it or with no near miss', () => {
    expect(nearMissCertainty({ score: 0.24, threshold: 0.25 })).toBeCloseTo(0.04, 12);
    expect(nearMissCertainty({ score: 0.0025, threshold: 0.25 })).toBeCloseTo(0.99, 12);
    expect(nearMissCertainty(undefined)).toBe(1);
  });

  it('reads nothing into a threshold of 0 or a non-finite score', () => {
    expect(nearMissCertainty({ score: -1, threshold: 0 })).toBe(1);
    expect(nearMissCertainty({ score: Number.NaN, threshold: 0.5 })).toBe(1);
  });
});

describe('predictionScore', () => {
  it('an empty prediction with nothing nearly found is certain (1)', () => {
    expect(predictionScore({ shown: [] })).toBe(1);
  });

  it('an empty prediction takes its near miss’s certainty', () => {
    expect(predictionScore({ shown: [], nearMiss: { score: 0.24, threshold: 0.25 } })).toBeCloseTo(
      0.04,
      12,
    );
  });

  it('regions combine as chosen, and the near miss caps them', () => {
    expect(predictionScore({ shown: [0.9, 0.5] })).toBeCloseTo(0.7, 12);
    expect(predictionScore({ shown: [0.9, 0.5], method: 'min' })).toBeCloseTo(0.5, 12);
    const nearMiss = { score: 0.2, threshold: 0.25 };
    expect(predictionScore({ shown: [0.9, 0.5], nearMiss })).toBeCloseTo(0.2, 12);
    expect(predictionScore({ shown: [0.9], nearMiss: { score: 0.05, threshold: 0.25 } })).toBe(0.8);
  });

  it('is always a number in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 3 })),
        fc.constantFrom(...SCORE_AGGREGATIONS),
        fc.option(fc.record({ score: fc.double(), threshold: fc.double() }), { nil: undefined }),
        (shown, method, nearMiss) => {
          const s = predictionScore({ shown, method, ...(nearMiss ? { nearMiss } : {}) });
          return s >= 0 && s <= 1;
        },
      ),
    );
  });
});

describe('closestNearMiss', () => {
  it('keeps the one nearer its own threshold', () => {
    const a = { score: 0.2, threshold: 0.25 };
    const b = { score: 0.45, threshold: 0.5 };
    expect(closestNearMiss(a, b)).toBe(b);
    expect(closestNearMiss(undefined, a)).toBe(a);
    expect(closestNearMiss(a, undefined)).toBe(a);
  });
});
