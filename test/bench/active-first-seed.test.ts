// BENCH_ACTIVE_FIRST_SEED: one seed run again on its own (e.g. with a larger
// budget) is the same split and the same picks as in the run of all seeds.
import { describe, expect, it } from 'vitest';
import { activeBench } from '../../bench/active-learning';
import { textLearner } from '../../bench/active/learners';

const WORDS = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'film', 'story', 'cast', 'plot'];

/** 120 short reviews, half of each class, with overlapping words so the curve moves. */
function reviews(): { texts: string[]; labels: string[] } {
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 120; i++) {
    const good = i % 2 === 0;
    const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length] as string;
    texts.push(`${good ? 'good' : 'bad'} ${w(1)} ${w(2)} ${w(3)} number ${i % 11}`);
    labels.push(good ? 'pos' : 'neg');
  }
  return { texts, labels };
}

describe('activeBench from another first seed', () => {
  it('gives seed 2 alone the curve seed 2 had in the run of seeds 1 and 2', () => {
    const { texts, labels } = reviews();
    const learner = textLearner(texts, labels);
    const settings = { budget: 60, testSize: 40, committeeSize: 3 };
    const quiet = () => undefined;
    const both = activeBench('reviews', learner, { ...settings, seeds: 2 }, quiet);
    const alone = activeBench('reviews', learner, { ...settings, seeds: 1, firstSeed: 2 }, quiet);
    expect(alone.allLabels).toEqual([both.allLabels[1]]);
    expect(alone.results.length).toBe(both.results.length);
    alone.results.forEach((r, k) => {
      expect(r.perSeed).toEqual([both.results[k]!.perSeed[1]]);
    });
    // Not trivially equal: seed 1's curves differ from seed 2's.
    expect(
      both.results.some((r) => JSON.stringify(r.perSeed[0]) !== JSON.stringify(r.perSeed[1])),
    ).toBe(true);
  });
});
