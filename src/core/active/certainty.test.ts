import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTAINTY_MEASURES, certaintyOf, multiLabelCertainty } from './certainty';
import { committeeAgreement } from './committee';

const distribution = fc
  .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 })
  .filter((p) => p.some((v) => v > 0));

describe('certaintyOf', () => {
  it.each(CERTAINTY_MEASURES)('%s: uniform is 0, one-hot is 1', (measure) => {
    expect(certaintyOf([0.25, 0.25, 0.25, 0.25], measure)).toBeCloseTo(0, 12);
    expect(certaintyOf([0, 1, 0, 0], measure)).toBeCloseTo(1, 12);
  });

  it.each(CERTAINTY_MEASURES)('%s: always within [0, 1]', (measure) => {
    fc.assert(
      fc.property(distribution, (p) => {
        const c = certaintyOf(p, measure);
        return c >= 0 && c <= 1;
      }),
    );
  });

  it.each(CERTAINTY_MEASURES)('%s: moving mass to the top class never lowers it', (measure) => {
    fc.assert(
      fc.property(distribution, fc.double({ min: 0, max: 1, noNaN: true }), (p, t) => {
        const top = p.indexOf(Math.max(...p));
        const sharper = p.map((v, i) => (i === top ? v : v * (1 - t)));
        return certaintyOf(sharper, measure) >= certaintyOf(p, measure) - 1e-12;
      }),
    );
  });

  it('margin tells a near tie from a clear winner with the same top probability', () => {
    expect(certaintyOf([0.5, 0.48, 0.02], 'margin')).toBeCloseTo(0.02, 12);
    expect(certaintyOf([0.5, 0.25, 0.25], 'margin')).toBeCloseTo(0.25, 12);
  });

  it('normalises unnormalised input and treats non-finite values as 0', () => {
    expect(certaintyOf([2, 2], 'least-confidence')).toBeCloseTo(0, 12);
    expect(certaintyOf([Number.NaN, 3], 'entropy')).toBeCloseTo(1, 12);
  });

  it('a single class is certain', () => {
    expect(certaintyOf([0.3], 'entropy')).toBe(1);
  });
});

describe('multiLabelCertainty', () => {
  it('is decided by the label closest to 0.5', () => {
    expect(multiLabelCertainty([0.99, 0.02, 0.55])).toBeCloseTo(0.1, 12);
    expect(multiLabelCertainty([1, 0])).toBe(1);
  });
});

describe('committeeAgreement', () => {
  it('is 1 when every member says the same', () => {
    expect(
      committeeAgreement([
        [0.7, 0.3],
        [0.7, 0.3],
        [0.7, 0.3],
      ]),
    ).toBeCloseTo(1, 12);
  });

  it('is 0 when two certain members contradict each other', () => {
    expect(
      committeeAgreement([
        [1, 0],
        [0, 1],
      ]),
    ).toBeCloseTo(0, 12);
  });

  it('ranks a split committee below a unanimous but unsure one', () => {
    const unsure = committeeAgreement([
      [0.55, 0.45],
      [0.55, 0.45],
    ]);
    const split = committeeAgreement([
      [0.9, 0.1],
      [0.1, 0.9],
    ]);
    expect(split).toBeLessThan(unsure);
  });
});
