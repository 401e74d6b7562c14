import { describe, expect, it } from 'vitest';
import {
  labelsNeeded,
  labelsToReach,
  meanCurve,
  relativeToRandom,
} from '../../bench/active/curves';

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
    expect(r).toEqual({ mean: 25, reached: 2, seeds: 3, perSeed: [30, 20, null] });
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

describe('relativeToRandom', () => {
  const needed = (perSeed: (number | null)[]) => {
    const hits = perSeed.filter((n): n is number => n !== null);
    return {
      perSeed,
      reached: hits.length,
      seeds: perSeed.length,
      mean: hits.length ? hits.reduce((a, b) => a + b, 0) / hits.length : null,
    };
  };
  it('is exact when both reached the target on every seed', () => {
    expect(relativeToRandom(needed([40, 60]), needed([100, 100]), 200)).toEqual({
      ratio: 0.5,
      bound: 'exact',
    });
  });
  it('is an upper bound when random missed it within the budget (counted as the budget)', () => {
    expect(relativeToRandom(needed([50, 50]), needed([null, 150]), 250)).toEqual({
      ratio: 0.25,
      bound: 'at most',
    });
  });
  it('is a lower bound when the strategy missed it, and unknown when both did', () => {
    expect(relativeToRandom(needed([null, 100]), needed([50, 50]), 200)?.bound).toBe('at least');
    expect(relativeToRandom(needed([null]), needed([null]), 200)).toBeNull();
  });
});
