import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../results/ids';
import { boxesToResults } from './to-results';

const target = { fromName: 'label', toName: 'image', hasLabels: true };

describe('boxesToResults', () => {
  it('maps classes to labels, converts pixels to percent and counts unmapped classes', () => {
    const { results, scores, unmapped } = boxesToResults(
      [
        { classIndex: 0, score: 0.9, x: 64, y: 48, width: 320, height: 240 },
        { classIndex: 1, score: 0.8, x: 0, y: 0, width: 10, height: 10 },
        { classIndex: 1, score: 0.7, x: 5, y: 5, width: 10, height: 10 },
      ],
      ['person', 'zebra'],
      { person: 'Human', zebra: null },
      target,
      { width: 640, height: 480 },
      createIdGenerator('t0'),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 480,
      score: 0.9,
      value: { x: 10, y: 10, width: 50, height: 50, rectanglelabels: ['Human'] },
    });
    expect(scores).toEqual([0.9]);
    expect(unmapped).toEqual({ zebra: 2 });
  });

  it('emits plain rectangles for a control without labels', () => {
    const { results } = boxesToResults(
      [{ classIndex: 0, score: 0.5, x: 1, y: 1, width: 2, height: 2 }],
      ['cat'],
      { cat: '' },
      { ...target, hasLabels: false },
      { width: 100, height: 100 },
      createIdGenerator(),
    );
    expect(results[0]?.type).toBe('rectangle');
    expect(results[0]?.value).not.toHaveProperty('rectanglelabels');
  });
});
