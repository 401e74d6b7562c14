import { describe, expect, it } from 'vitest';
import { scoreSets } from './metrics';
import {
  assignFolds,
  estimateDenseQuality,
  estimateQuality,
  estimateQualitySteps,
} from './quality';
import type { TextExample } from './text-classifier';

const POS = ['great', 'loved', 'wonderful', 'lovely', 'superb', 'brilliant'];
const NEG = ['awful', 'hated', 'boring', 'terrible', 'dreadful', 'dull'];
function examples(n: number): TextExample[] {
  const out: TextExample[] = [];
  for (let i = 0; i < n; i++) {
    const good = i % 2 === 0;
    const w = (good ? POS : NEG)[(i >> 1) % 6] as string;
    const v = (good ? POS : NEG)[((i >> 1) + 2) % 6] as string;
    out.push({ text: `a ${w} and ${v} film number ${i}`, labels: [good ? 'pos' : 'neg'] });
  }
  return out;
}

describe('scoreSets', () => {
  it('computes accuracy and macro-F1 as scikit-learn does', () => {
    // truth: a a b b c ; predicted: a b b b a
    const s = scoreSets([[0], [0], [1], [1], [2]], [[0], [1], [1], [1], [0]]);
    expect(s.accuracy).toBeCloseTo(3 / 5);
    // F1: a = 2·1/(2+1+1) = 0.5, b = 2·2/(4+1+0) = 0.8, c = 0
    expect(s.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
  });
});

describe('estimateQuality', () => {
  it('uses stratified k-fold when there are enough examples, and is deterministic for a seed', () => {
    const q = estimateQuality(examples(60), { seed: 3 });
    expect(q).toMatchObject({ method: 'k-fold', folds: 5, examples: 60 });
    expect(q.accuracy).toBeGreaterThan(0.9);
    expect(q.macroF1).toBeGreaterThan(0.9);
    expect(estimateQuality(examples(60), { seed: 3 })).toEqual(q);
  });

  it('above holdOutAbove scores one stratified 20 % hold-out (fold 0), deterministic for a seed', () => {
    const q = estimateQuality(examples(100), { seed: 3, holdOutAbove: 50 });
    expect(q).toMatchObject({ method: 'held-out', folds: 1, examples: 20 });
    expect(q.accuracy).toBeGreaterThan(0.8);
    expect(estimateQuality(examples(100), { seed: 3, holdOutAbove: 50 })).toEqual(q);
    // Stratified: fold 0 holds 10 of each label.
    const fold = assignFolds(
      examples(100).map((e) => [e.labels[0] === 'pos' ? 0 : 1]),
      5,
      3,
    );
    const held = examples(100).filter((_, i) => fold[i] === 0);
    expect(held.filter((e) => e.labels[0] === 'pos')).toHaveLength(10);
    // Steps: one per trained model, then the same estimate.
    const steps = estimateQualitySteps(examples(60), { seed: 3 });
    let count = 0;
    let next = steps.next();
    while (!next.done) {
      count++;
      next = steps.next();
    }
    expect(count).toBe(5);
    expect(next.value).toEqual(estimateQuality(examples(60), { seed: 3 }));
  });

  it('uses leave-one-out with few examples, and one example per class', () => {
    const q = estimateQuality(examples(8));
    expect(q).toMatchObject({ method: 'leave-one-out', folds: 8, examples: 8 });
    const one = estimateQuality(
      [
        { text: 'loved', labels: ['pos'] },
        { text: 'hated', labels: ['neg'] },
        { text: 'fine', labels: ['meh'] },
      ],
      { labels: ['pos', 'neg', 'meh', 'never'] },
    );
    // each left-out class was never seen: no model can get it right
    expect(one).toMatchObject({ method: 'leave-one-out', folds: 3, accuracy: 0, macroF1: 0 });
  });

  it('says why there is no estimate below two annotations', () => {
    expect(estimateQuality([{ text: 'x', labels: ['a'] }])).toMatchObject({
      method: 'none',
      accuracy: null,
      reason: '1 annotation(s): at least 2 are needed',
    });
  });

  it('stratifies folds by label', () => {
    const targets = Array.from({ length: 50 }, (_, i) => [i < 10 ? 1 : 0]);
    const folds = assignFolds(targets, 5, 1);
    for (let f = 0; f < 5; f++) {
      expect(targets.filter((t, i) => folds[i] === f && t[0] === 1)).toHaveLength(2);
    }
  });

  it('estimates multi-label quality by exact set match', () => {
    const ex: TextExample[] = [];
    for (let i = 0; i < 40; i++) {
      const labels = [...(i % 2 ? ['x'] : []), ...(i % 3 ? [] : ['y'])];
      ex.push({ text: `${i % 2 ? 'xx' : 'qq'} ${i % 3 ? 'zz' : 'yy'} n${i}`, labels });
    }
    const q = estimateQuality(ex, { multiple: true, labels: ['x', 'y'] });
    expect(q.method).toBe('k-fold');
    expect(q.accuracy).toBeGreaterThan(0.9);
  });

  it('estimates dense heads too', () => {
    const features = Array.from({ length: 40 }, (_, i) => [
      i % 2 ? 1 + (i % 5) * 0.01 : -1,
      (i % 7) * 0.1,
    ]);
    const labels = features.map((_, i) => (i % 2 ? 'odd' : 'even'));
    expect(estimateDenseQuality(features, labels)).toMatchObject({
      method: 'k-fold',
      accuracy: 1,
      macroF1: 1,
    });
  });
});
