import { describe, expect, it } from 'vitest';
import { choicesFromProbabilities } from './to-choices';

const target = { fromName: 'topic', toName: 'text' };
const labels = ['a', 'b', 'c'];
const scoreOf = (probabilities: number[], multiple: boolean) =>
  choicesFromProbabilities({ labels, probabilities }, multiple, target).score;

describe('choicesFromProbabilities: the task score', () => {
  it('single label: the chosen label’s probability', () => {
    expect(scoreOf([0.2, 0.7, 0.1], false)).toBeCloseTo(0.7);
  });

  it('multiple: a label just under 0.5 makes the task uncertain, even with nothing chosen', () => {
    expect(scoreOf([0.45, 0.1, 0.05], true)).toBeCloseTo(1 - 0.45 / 0.5);
    expect(scoreOf([0.9, 0.48, 0.05], true)).toBeCloseTo(1 - 0.48 / 0.5);
  });

  it('multiple: chosen labels far from 0.5 and no label near it give a high score', () => {
    expect(scoreOf([0.95, 0.9, 0.02], true)).toBeCloseTo(Math.min(0.925, 1 - 0.02 / 0.5));
    expect(scoreOf([0.01, 0.02, 0.01], true)).toBeCloseTo(1 - 0.02 / 0.5);
  });

  it('multiple: the score spans the whole of [0, 1], not only 0.5–1', () => {
    const scores = [
      [0.5, 0.49, 0],
      [0.999, 0.001, 0.001],
    ].map((p) => scoreOf(p, true));
    expect(Math.min(...scores)).toBeLessThan(0.05);
    expect(Math.max(...scores)).toBeGreaterThan(0.99);
  });
});
