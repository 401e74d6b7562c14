import { describe, expect, it } from 'vitest';
import { aggregateTaskScore } from './score';

describe('aggregateTaskScore', () => {
  it('averages by default', () => {
    expect(aggregateTaskScore([0.2, 0.4, 0.9])).toBeCloseTo(0.5);
  });
  it('takes the least or most confident region', () => {
    expect(aggregateTaskScore([0.2, 0.4, 0.9], 'min')).toBe(0.2);
    expect(aggregateTaskScore([0.2, 0.4, 0.9], 'max')).toBe(0.9);
  });
  it('uncertainty-margin: a score near 0.5 makes the task most uncertain (lowest)', () => {
    // |2*0.45 - 1| = 0.1 beats |2*0.05 - 1| = 0.9 and |2*0.95 - 1| = 0.9
    expect(aggregateTaskScore([0.95, 0.45, 0.05], 'uncertainty-margin')).toBeCloseTo(0.1);
    expect(aggregateTaskScore([0.99, 0.01], 'uncertainty-margin')).toBeCloseTo(0.98);
    // ranks a coin-flip task before a confident one, as Label Studio sorts lowest first
    const coinFlip = aggregateTaskScore([0.5, 0.9], 'uncertainty-margin')!;
    const confident = aggregateTaskScore([0.97, 0.9], 'uncertainty-margin')!;
    expect(coinFlip).toBeLessThan(confident);
  });
  it('returns undefined for no scores', () => {
    expect(aggregateTaskScore([])).toBeUndefined();
    expect(aggregateTaskScore([Number.NaN], 'min')).toBeUndefined();
  });
  it('ignores non-finite scores and clamps to 0..1', () => {
    expect(aggregateTaskScore([0.5, Number.NaN, Infinity])).toBe(0.5);
    expect(aggregateTaskScore([1.2, 0.8], 'max')).toBe(1);
    expect(aggregateTaskScore([-0.5, 0.5], 'min')).toBe(0);
  });
  it('handles very many scores', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => (i % 100) / 100);
    expect(aggregateTaskScore(many, 'min')).toBe(0);
    expect(aggregateTaskScore(many, 'max')).toBe(0.99);
  });
});
