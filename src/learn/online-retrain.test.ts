import { describe, expect, it } from 'vitest';
import { bytesToBase64, base64ToBytes } from './base64';
import { hashedCounts } from './hash-features';
import { trainModel } from './model';
import { predictText, trainTextClassifier, type TextExample } from './text-classifier';
import { TextFeatureCache } from './text-feature-cache';
import { fitTfidf, transformTfidf } from './tfidf';
import type { DenseRows, SparseRows } from './matrix';
import { createRng } from '../core/random/rng';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'kappa', 'sigma', 'theta', 'zeta'];

function corpus(count: number, seed: number): TextExample[] {
  const rng = createRng(seed);
  const pick = () => WORDS[Math.floor(rng.float() * WORDS.length)] as string;
  return Array.from({ length: count }, (_, i) => {
    const words = [pick(), pick(), pick(), `id${i}`];
    const first = words.filter((w) => WORDS.indexOf(w) < 4).length >= 2;
    return { text: words.join(' '), labels: [first ? 'first' : 'second'] };
  });
}

const tight = { gradientTolerance: 1e-8, relativeTolerance: 1e-15, maxIterations: 2000 };

describe('base64 of head weights', () => {
  it('matches btoa for every tail length and round-trips', () => {
    const rng = createRng(3);
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng.float() * 256));
      const text = bytesToBase64(bytes);
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect([...base64ToBytes(text)]).toEqual([...bytes]);
    }
  });
});

describe('binary logistic regression on sparse rows', () => {
  it('reaches the same model as the general path on the same rows as dense', () => {
    const examples = corpus(60, 5);
    const spec = {
      analyzer: 'word' as const,
      ngramRange: [1, 2] as [number, number],
      hashBits: 20,
      hashSeed: 0,
      sublinearTf: false,
    };
    const docs = examples.map((e) => hashedCounts(e.text, spec));
    const x = transformTfidf(docs, fitTfidf(docs, spec)) as SparseRows;
    const dense: DenseRows = {
      kind: 'dense',
      rows: x.rows,
      cols: x.cols,
      data: new Float32Array(x.rows * x.cols),
    };
    for (let i = 0; i < x.rows; i++)
      for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++)
        dense.data[i * x.cols + (x.indices[p] as number)] = x.values[p] as number;
    const labels = examples.map((e) => [e.labels[0] === 'first' ? 0 : 1]);
    const options = { labelCount: 2, multiple: false, C: 10, hidden: 0, seed: 0, lbfgs: tight };
    const sparse = trainModel(x, labels, { ...options, exact: true }).model;
    const general = trainModel(dense, labels, options).model;
    expect(sparse.output).toBe('binary');
    for (let j = 0; j < sparse.params.length; j++)
      expect(sparse.params[j]).toBeCloseTo(general.params[j] as number, 4);
  });
});

describe('online retraining', () => {
  const labels = ['first', 'second'];
  const before = corpus(300, 1);
  const after = [...before, { text: 'alpha beta brandnew', labels: ['first'] }];

  it('warm-starts from the previous head and reaches the cold retrain', () => {
    const previous = trainTextClassifier(before, { labels, lbfgs: tight });
    const warm = trainTextClassifier(after, { labels, lbfgs: tight, warmStart: previous });
    const cold = trainTextClassifier(after, { labels, lbfgs: tight });
    expect(warm.training.iterations).toBeLessThan(cold.training.iterations);
    for (const e of [...after.slice(0, 20), after[after.length - 1] as TextExample]) {
      const a = predictText(warm, e.text).probabilities[0] as number;
      const b = predictText(cold, e.text).probabilities[0] as number;
      expect(a).toBeCloseTo(b, 3);
    }
  });

  it('learns the new example with the default tolerances too', () => {
    const previous = trainTextClassifier(before, { labels });
    const warm = trainTextClassifier(after, { labels, warmStart: previous });
    const cold = trainTextClassifier(after, { labels });
    expect(warm.training.iterations).toBeGreaterThan(1);
    const text = (after[after.length - 1] as TextExample).text;
    const a = predictText(warm, text).probabilities[0] as number;
    const b = predictText(cold, text).probabilities[0] as number;
    expect(Math.abs(a - b)).toBeLessThan(0.02);
  });

  it('ignores a previous head with other labels', () => {
    const other = trainTextClassifier(
      before.map((e) => ({ ...e, labels: [e.labels[0] === 'first' ? 'a' : 'b'] })),
      { labels: ['a', 'b'] },
    );
    const warm = trainTextClassifier(after, { labels, warmStart: other });
    const cold = trainTextClassifier(after, { labels });
    expect(warm.model).toEqual(cold.model);
  });

  it('gives the same head with the feature cache, and keeps at most its size', () => {
    const cache = new TextFeatureCache(100);
    const first = trainTextClassifier(before, { labels, featureCache: cache });
    const again = trainTextClassifier(before, { labels, featureCache: cache });
    const plain = trainTextClassifier(before, { labels });
    expect(again.model).toEqual(plain.model);
    expect(first.features.buckets).toBe(plain.features.buckets);
    expect(cache.size).toBe(100);
  });
});
