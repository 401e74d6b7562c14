import { describe, expect, it } from 'vitest';
import { labelsNeeded, labelsToReach, meanCurve } from '../../bench/active/curves';

const curve = (pairs: [number, number][]) =>
  pairs.map(([labels, accuracy]) => ({ labels, accuracy }));

describe('labelsToReach', () => {
  it('gives the first label count at or above the target', () => {
    const c = curve([
      [20, 0.6],
      [30, 0.8],
      [40, 0.79],
      [50, 0.9],
    ]);
    expect(labelsToReach(c, 0.8)).toBe(30);
    expect(labelsToReach(c, 0.85)).toBe(50);
    expect(labelsToReach(c, 0.5)).toBe(20);
  });
  it('is null when the budget ends first', () => {
    expect(labelsToReach(curve([[20, 0.6]]), 0.7)).toBeNull();
  });
});

describe('labelsNeeded', () => {
  it('averages over the seeds that reached their own target and counts them', () => {
    const r = labelsNeeded([
      {
        curve: curve([
          [20, 0.5],
          [30, 0.9],
        ]),
        target: 0.85,
      },
      {
        curve: curve([
          [20, 0.9],
          [30, 0.95],
        ]),
        target: 0.85,
      },
      {
        curve: curve([
          [20, 0.5],
          [30, 0.6],
        ]),
        target: 0.85,
      },
    ]);
    expect(r).toEqual({ mean: 25, reached: 2, seeds: 3 });
  });
  it('has no mean when no seed reached it', () => {
    expect(labelsNeeded([{ curve: curve([[20, 0.5]]), target: 0.9 }]).mean).toBeNull();
  });
});

describe('meanCurve', () => {
  it('averages point by point over the counts all curves share', () => {
    const m = meanCurve([
      curve([
        [20, 0.5],
        [30, 0.7],
        [40, 0.8],
      ]),
      curve([
        [20, 0.7],
        [30, 0.9],
      ]),
    ]);
    expect(m).toEqual([
      { labels: 20, accuracy: 0.6 },
      { labels: 30, accuracy: 0.8 },
    ]);
  });
});
