import { describe, expect, it } from 'vitest';
import {
  bootstrapWeights,
  committeeProbabilities,
  disagreement,
  trainTextCommittee,
} from './committee';
import { predictDense, trainDense } from './dense-classifier';
import { denseCommitteeProbabilities, trainDenseCommittee } from './dense-committee';
import { parseHead } from './head';
import { choicesFromProbabilities, headPrediction, predictWithHead } from './to-choices';
import type { TextExample } from './text-classifier';
import { createRng } from '../core/random/rng';

const toy: TextExample[] = [
  ...['great film loved it', 'wonderful acting', 'loved the music', 'a lovely evening'].map(
    (text) => ({ text, labels: ['pos'] }),
  ),
  ...['terrible film hated it', 'awful acting', 'hated the music', 'a boring evening'].map(
    (text) => ({ text, labels: ['neg'] }),
  ),
];

function clusters(n: number, seed: number) {
  const rng = createRng(seed);
  const centres = { cat: [2, 0, 0, 1], dog: [0, 2, 0, 1], fox: [0, 0, 2, 1] };
  const features: number[][] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const [name, c] = Object.entries(centres)[i % 3] as [string, number[]];
    features.push(c.map((v) => v + (rng.float() - 0.5)));
    labels.push(name);
  }
  return { features, labels };
}

describe('trainDense (transfer-learning head)', () => {
  it('learns separable feature vectors, deterministically, and round-trips with its backbone', () => {
    const { features, labels } = clusters(60, 1);
    const backbone = { sha256: 'ab'.repeat(32), output: 'pooled', name: 'mobilenetv2' };
    const head = trainDense(features, labels, { backbone, labels: ['cat', 'dog', 'fox', 'owl'] });
    expect(head.features).toMatchObject({ kind: 'dense', dimension: 4, backbone });
    const p = predictDense(head, [2, 0, 0, 1]);
    expect(p.probabilities[0]).toBeGreaterThan(0.9);
    expect(p.probabilities[3]).toBe(0);
    expect(
      trainDense(features, labels, { backbone, labels: ['cat', 'dog', 'fox', 'owl'] }).model,
    ).toEqual(head.model);
    const back = parseHead(JSON.parse(JSON.stringify(head)));
    expect(predictWithHead(back, [0, 0, 2, 1])).toEqual(predictDense(head, [0, 0, 2, 1]));
    const mlp = trainDense(features, labels, { hidden: 5, seed: 2 });
    expect(predictDense(mlp, [0, 2, 0, 1]).probabilities[1]).toBeGreaterThan(0.8);
  });

  it('says what is wrong with bad feature vectors', () => {
    expect(() => trainDense([[1, 2], [1]], ['a', 'b'])).toThrow(
      'feature vector 2 has 1 values, the first has 2',
    );
    expect(() => trainDense([[1, NaN]], ['a'])).toThrow(
      'feature vector 1: value 1 is not a finite number',
    );
    expect(() => trainDense([[1]], ['a', 'b'])).toThrow('1 feature vectors but 2 label entries');
    const head = trainDense([[1], [2]], ['a', 'b']);
    expect(() => predictDense(head, [1, 2])).toThrow('the head expects 1 features, got 2');
  });
});

describe('bootstrapped committees', () => {
  it('resamples n examples with replacement, deterministically', () => {
    const w = bootstrapWeights(100, 5);
    expect(w.reduce((a, b) => a + b, 0)).toBe(100);
    expect(w.some((v) => v === 0)).toBe(true);
    expect(bootstrapWeights(100, 5)).toEqual(w);
  });

  it('gives per-member probabilities from members trained on different resamples', () => {
    const committee = trainTextCommittee(toy, { size: 7, seed: 1 });
    expect(committee.members).toHaveLength(7);
    const clear = committeeProbabilities(committee, 'loved it, wonderful, lovely');
    expect(clear).toHaveLength(7);
    for (const p of clear) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const positive = clear.map((p) => p[committee.head.labels.indexOf('pos')] as number);
    expect(positive.reduce((a, b) => a + b, 0) / 7).toBeGreaterThan(0.5);
    expect(new Set(positive).size).toBeGreaterThan(1);
    expect(disagreement(clear).meanKl).toBeGreaterThan(0);
    expect(trainTextCommittee(toy, { size: 7, seed: 1 }).members).toEqual(committee.members);
  });

  it('trains dense members on resamples of feature vectors: sure at the centres, split between them', () => {
    const { features, labels } = clusters(30, 4);
    const options = { labels: ['cat', 'dog', 'fox'], size: 6, seed: 2 };
    const committee = trainDenseCommittee(features, labels, options);
    expect(committee.members).toHaveLength(6);
    expect(committee.learnt).toBe(30);
    const centre = denseCommitteeProbabilities(committee, [2, 0, 0, 1]);
    expect(centre).toHaveLength(6);
    for (const p of centre) {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      expect(p[0]).toBeGreaterThan(0.8);
    }
    // Between two centres the members, trained on different resamples, disagree more.
    const between = denseCommitteeProbabilities(committee, [1, 1, 0, 1]);
    expect(disagreement(between).meanKl).toBeGreaterThan(disagreement(centre).meanKl);
    expect(new Set(between.map((p) => p[0])).size).toBeGreaterThan(1);
    // Deterministic for a seed; another seed resamples otherwise.
    const again = trainDenseCommittee(features, labels, options);
    expect(denseCommitteeProbabilities(again, [1, 1, 0, 1])).toEqual(between);
    const other = trainDenseCommittee(features, labels, { ...options, seed: 3 });
    expect(denseCommitteeProbabilities(other, [1, 1, 0, 1])).not.toEqual(between);
  });

  it('says what is wrong with a dense committee’s inputs', () => {
    expect(() => trainDenseCommittee([[1, 2], [1]], ['a', 'b'])).toThrow(
      'feature vector 2 has 1 values, the first has 2',
    );
    expect(() => trainDenseCommittee([[1]], ['a', 'b'])).toThrow(
      '1 feature vectors but 2 label entries',
    );
    const committee = trainDenseCommittee([[0], [1]], ['a', 'b'], { size: 2 });
    expect(() => denseCommitteeProbabilities(committee, [1, 2])).toThrow(
      'the committee expects 1 features, got 2',
    );
  });

  it('measures vote entropy from 0 (all agree) to 1 (even split)', () => {
    expect(
      disagreement([
        [0.9, 0.1],
        [0.8, 0.2],
      ]).voteEntropy,
    ).toBe(0);
    expect(
      disagreement([
        [0.9, 0.1],
        [0.2, 0.8],
      ]).voteEntropy,
    ).toBeCloseTo(1);
  });
});

describe('Label Studio results from a head', () => {
  it('builds a Choices result with the chosen label and the task score', () => {
    const target = { fromName: 'sentiment', toName: 'text' };
    const c = choicesFromProbabilities(
      { labels: ['a', 'b', 'c'], probabilities: [0.2, 0.7, 0.1] },
      false,
      target,
    );
    expect(c.score).toBeCloseTo(0.7);
    expect(c.result).toMatchObject({
      from_name: 'sentiment',
      to_name: 'text',
      type: 'choices',
      value: { choices: ['b'] },
    });
    const m = choicesFromProbabilities(
      { labels: ['a', 'b', 'c'], probabilities: [0.9, 0.6, 0.1] },
      true,
      target,
    );
    expect(m.result?.value).toEqual({ choices: ['a', 'b'] });
    // the chosen labels' mean (0.75), under the near miss's certainty (1 − 0.1 / 0.5)
    expect(m.score).toBeCloseTo(0.75);
    const none = choicesFromProbabilities({ labels: ['a'], probabilities: [0.3] }, true, target);
    // nothing chosen: the 0.3 near miss alone (1 − 0.3 / 0.5)
    expect(none.result).toBeNull();
    expect(none.score).toBeCloseTo(0.4);
  });

  it('makes a whole prediction from a text head in one call', () => {
    const head = trainDense([[0], [1]], ['x', 'y']);
    expect(() => predictWithHead(head, 'text')).toThrow(
      'a dense head predicts from a feature vector',
    );
    const text = trainTextCommittee(toy, { size: 1 }).head;
    const p = headPrediction(text, 'loved it', { fromName: 'sentiment', toName: 'text' });
    expect(p.model_version).toBe('text-tfidf-logreg@8-annotations');
    expect(p.result[0]?.value).toEqual({ choices: ['pos'] });
    expect(p.score).toBeGreaterThan(0.5);
  });
});
