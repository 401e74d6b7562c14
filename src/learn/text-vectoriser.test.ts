import { describe, expect, it } from 'vitest';
import { squaredDistance } from '../core/active/vectors';
import { fitTextVectoriser } from './text-vectoriser';

describe('fitTextVectoriser', () => {
  const texts = [
    'cheap pills buy now cheap offer',
    'buy cheap pills today offer',
    'meeting notes for the project review',
    'project review meeting moved to friday',
  ];
  const v = fitTextVectoriser(texts);

  it('gives sorted, L2-normalised sparse rows', () => {
    const row = v.vector(texts[0]!);
    const idx = Array.from(row.indices);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    const norm = Array.from(row.values).reduce((a, b) => a + b * b, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('texts about the same thing are nearer than texts about different things', () => {
    const [spam1, spam2, work1, work2] = texts.map((t) => v.vector(t));
    expect(squaredDistance(spam1!, spam2!)).toBeLessThan(squaredDistance(spam1!, work1!));
    expect(squaredDistance(work1!, work2!)).toBeLessThan(squaredDistance(work2!, spam2!));
  });

  it('words the sample never had are ignored (an unknown text is the empty row)', () => {
    expect(v.vector('zebra xylophone').indices.length).toBe(0);
    expect(v.columns).toBeGreaterThan(10);
  });
});
