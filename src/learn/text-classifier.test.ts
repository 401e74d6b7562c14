import { describe, expect, it } from 'vitest';
import { hashedCounts } from './hash-features';
import { parseHead } from './head';
import { trainModel } from './model';
import {
  predictText,
  textFeatures,
  trainTextClassifier,
  type TextExample,
} from './text-classifier';
import { fitTfidf, transformTfidf } from './tfidf';
import { wordTokens } from './tokenize';
import { predictRow } from './model';

const POS = [
  'great film loved it',
  'wonderful acting and a lovely plot',
  'loved the music, great fun',
  'a lovely, wonderful evening',
];
const NEG = [
  'terrible film hated it',
  'awful acting and a boring plot',
  'hated the music, awful noise',
  'a boring, terrible evening',
];
const toy: TextExample[] = [
  ...POS.map((text) => ({ text, labels: ['pos'] })),
  ...NEG.map((text) => ({ text, labels: ['neg'] })),
];
const top = (p: { labels: string[]; probabilities: number[] }) =>
  p.labels[p.probabilities.indexOf(Math.max(...p.probabilities))];

describe('tokenizer (scikit-learn default token pattern)', () => {
  it('lower-cases and keeps runs of two or more word characters, Unicode included', () => {
    expect(wordTokens('I LOVE Zürich! a_b x 42 ß€ Привет мир')).toEqual([
      'love',
      'zürich',
      'a_b',
      '42',
      'привет',
      'мир',
    ]);
  });
});

describe('hashed TF-IDF features', () => {
  it('counts word 1–3-grams under distinct buckets', () => {
    const spec = {
      analyzer: 'word' as const,
      ngramRange: [1, 3] as [number, number],
      hashBits: 24,
      hashSeed: 0,
    };
    const counts = hashedCounts('spam spam eggs', spec);
    // spam, eggs, "spam spam", "spam eggs", "spam spam eggs"
    expect(counts.size).toBe(5);
    expect([...counts.values()].sort()).toEqual([1, 1, 1, 1, 2]);
  });

  it('gives L2-normalised rows and ignores terms unseen in training', () => {
    const spec = {
      analyzer: 'word' as const,
      ngramRange: [1, 2] as [number, number],
      hashBits: 20,
      hashSeed: 0,
      sublinearTf: true,
    };
    const docs = ['red apple', 'green apple', 'red car'].map((t) => hashedCounts(t, spec));
    const tfidf = fitTfidf(docs, spec);
    const x = transformTfidf([...docs, hashedCounts('blue bicycle', spec)], tfidf);
    for (let i = 0; i < 3; i++) {
      let sq = 0;
      for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++)
        sq += (x.values[p] as number) ** 2;
      expect(sq).toBeCloseTo(1, 5);
    }
    expect((x.indptr[4] as number) - (x.indptr[3] as number)).toBe(0);
  });

  it('supports character n-grams', () => {
    const head = trainTextClassifier(toy, { analyzer: 'char_wb' });
    expect(head.features.analyzer).toBe('char_wb');
    expect(head.features.ngramRange).toEqual([2, 5]);
    expect(top(predictText(head, 'lovely wonderful'))).toBe('pos');
  });
});

describe('trainTextClassifier', () => {
  it('learns a separable toy set', () => {
    const head = trainTextClassifier(toy);
    expect(head.labels).toEqual(['neg', 'pos']);
    expect(head.model.output).toBe('binary');
    for (const e of toy) expect(top(predictText(head, e.text))).toBe(e.labels[0]);
    expect(top(predictText(head, 'loved it, wonderful'))).toBe('pos');
    expect(top(predictText(head, 'boring and awful'))).toBe('neg');
    const p = predictText(head, 'anything').probabilities;
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('is deterministic for a seed, also with a hidden layer', () => {
    const a = trainTextClassifier(toy, { hidden: 6, seed: 7 });
    const b = trainTextClassifier(toy, { hidden: 6, seed: 7 });
    const c = trainTextClassifier(toy, { hidden: 6, seed: 8 });
    expect(a.model.params).toBe(b.model.params);
    expect(a.model.params).not.toBe(c.model.params);
    expect(top(predictText(a, 'loved it, wonderful'))).toBe('pos');
  });

  it('uses softmax over three or more classes', () => {
    const three = [
      ...toy,
      ...['it was fine, ok', 'ok I guess, fine', 'fine, nothing special'].map((text) => ({
        text,
        labels: ['meh'],
      })),
    ];
    const head = trainTextClassifier(three, { labels: ['neg', 'meh', 'pos'] });
    expect(head.model.output).toBe('softmax');
    expect(top(predictText(head, 'ok, fine'))).toBe('meh');
  });

  it('learns multi-label (choice="multiple") with one sigmoid per label', () => {
    const examples: TextExample[] = [
      { text: 'cheap flights and hotels', labels: ['travel', 'money'] },
      { text: 'flights to rome', labels: ['travel'] },
      { text: 'hotels in paris', labels: ['travel'] },
      { text: 'cheap loans and savings', labels: ['money'] },
      { text: 'savings account rates', labels: ['money'] },
      { text: 'football results tonight', labels: [] },
    ];
    const head = trainTextClassifier(examples, {
      multiple: true,
      labels: ['travel', 'money', 'sport'],
    });
    expect(head.model.output).toBe('sigmoid');
    const p = predictText(head, 'cheap flights');
    expect(p.probabilities[0]).toBeGreaterThan(0.5);
    expect(p.probabilities[1]).toBeGreaterThan(0.5);
    expect(p.probabilities[2]).toBe(0); // no example yet
    const q = predictText(head, 'hotels in rome');
    expect(q.probabilities[0]).toBeGreaterThan(0.5);
    expect(q.probabilities[1]).toBeLessThan(0.5);
  });

  it('gives a class with no examples probability 0', () => {
    const head = trainTextClassifier(toy, { labels: ['pos', 'neg', 'unused'] });
    const p = predictText(head, 'loved it');
    expect(p.labels).toEqual(['pos', 'neg', 'unused']);
    expect(p.probabilities[2]).toBe(0);
  });

  it('trains on one example per class, and on a single class', () => {
    const one = trainTextClassifier(
      [
        { text: 'loved it', labels: ['pos'] },
        { text: 'hated it', labels: ['neg'] },
        { text: 'fine', labels: ['meh'] },
      ],
      { labels: ['pos', 'neg', 'meh'] },
    );
    expect(top(predictText(one, 'loved'))).toBe('pos');
    const single = trainTextClassifier([{ text: 'loved it', labels: ['pos'] }], {
      labels: ['pos', 'neg'],
    });
    expect(single.model.output).toBe('constant');
    expect(predictText(single, 'whatever').probabilities).toEqual([1, 0]);
  });

  it('skips examples with a label outside the list, and says which', () => {
    const head = trainTextClassifier([...toy, { text: 'so so', labels: ['Neutral'] }], {
      labels: ['pos', 'neg'],
    });
    expect(head.annotationCount).toBe(toy.length);
    expect(head.training.skipped).toEqual(['example 9: label "Neutral" not in the label list']);
    expect(() =>
      trainTextClassifier([{ text: 'x', labels: ['Gone'] }], { labels: ['pos'] }),
    ).toThrow(/no training example with a known label \(1 given\): example 1: label "Gone"/);
  });

  it('handles empty and 1 MB texts', () => {
    const big = 'loved it wonderful '.repeat(55_000); // ≈ 1 MB
    expect(big.length).toBeGreaterThan(1_000_000);
    const head = trainTextClassifier([
      ...toy,
      { text: '', labels: ['neg'] },
      { text: big, labels: ['pos'] },
    ]);
    expect(top(predictText(head, big))).toBe('pos');
    const empty = predictText(head, '').probabilities;
    expect(empty.every(Number.isFinite)).toBe(true);
    expect(empty.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('survives conflicting annotations (the same text with both labels)', () => {
    const head = trainTextClassifier([
      ...toy,
      { text: 'loved it', labels: ['neg'] },
      { text: 'loved it', labels: ['pos'] },
      { text: 'so-so film', labels: ['pos', 'neg'] },
    ]);
    expect(head.training.converged).toBe(true);
    const p = predictText(head, 'so-so film').probabilities;
    expect(p.every((v) => v > 0.05 && v < 0.95)).toBe(true);
  });

  it('retrains on 10,000 short texts', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'kappa', 'sigma', 'theta'];
    const examples: TextExample[] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = words[i % 8] as string;
      const b = words[(i * 7 + 3) % 8] as string;
      examples.push({ text: `${a} ${b} item ${i} ${a}`, labels: [i % 8 < 4 ? 'first' : 'second'] });
    }
    const head = trainTextClassifier(examples);
    expect(head.annotationCount).toBe(10_000);
    expect(top(predictText(head, 'alpha gamma'))).toBe('first');
    expect(top(predictText(head, 'omega sigma'))).toBe('second');
  });

  it("exposes a task's feature vector for diversity sampling", () => {
    const head = trainTextClassifier(toy);
    const f = textFeatures(head, 'loved it, unknownword');
    expect(f.indices.length).toBeGreaterThan(0);
    expect(f.indices.every((i) => i < f.dimension)).toBe(true);
    expect(Math.hypot(...f.values)).toBeCloseTo(1, 5);
  });
});

describe('collapse of single-row columns', () => {
  it('reaches the same model as training on every column', () => {
    const spec = {
      analyzer: 'word' as const,
      ngramRange: [1, 3] as [number, number],
      hashBits: 24,
      hashSeed: 0,
      sublinearTf: true,
    };
    const docs = toy.map((e) => hashedCounts(e.text, spec));
    const x = transformTfidf(docs, fitTfidf(docs, spec));
    const labels = toy.map((e) => [e.labels[0] === 'pos' ? 1 : 0]);
    const tight = { gradientTolerance: 1e-9, relativeTolerance: 1e-15, maxIterations: 1000 };
    for (const hidden of [0, 3]) {
      const options = { labelCount: 2, multiple: false, C: 10, hidden, seed: 1, lbfgs: tight };
      const fast = trainModel(x, labels, options).model;
      const exact = trainModel(x, labels, { ...options, exact: true }).model;
      expect(fast.params.length).toBe(exact.params.length);
      if (hidden === 0) {
        for (let j = 0; j < fast.params.length; j++)
          expect(fast.params[j]).toBeCloseTo(exact.params[j] as number, 4);
      }
      for (let i = 0; i < x.rows; i++) {
        const a = predictRow(fast, x, i);
        const b = predictRow(exact, x, i);
        // hidden layers start from other random weights in the smaller space: same fit, not the same weights
        expect(a[1]).toBeCloseTo(b[1] as number, hidden === 0 ? 5 : 1);
      }
    }
  });
});

describe('head file', () => {
  it('round-trips through JSON and predicts the same', () => {
    const head = trainTextClassifier(toy, { labels: ['pos', 'neg', 'meh'] });
    const back = parseHead(JSON.parse(JSON.stringify(head)), 'head.json');
    expect(back).toEqual(head);
    for (const text of ['loved it', 'boring', '', 'never seen words']) {
      expect(predictText(back as typeof head, text)).toEqual(predictText(head, text));
    }
    expect(head).toMatchObject({
      format: 'prelabel-head',
      learner: 'text-tfidf-logreg',
      annotationCount: 8,
      modelVersion: 'text-tfidf-logreg@8-annotations',
      features: {
        kind: 'hashed-tfidf',
        analyzer: 'word',
        ngramRange: [1, 3],
        sublinearTf: false,
        hash: 'murmur3-x86-32',
      },
    });
  });

  it('refuses other files with a message naming the file', () => {
    expect(() => parseHead({ hello: 1 }, 'x.json')).toThrow(
      'x.json: not a Prelabel head file ("format" must be "prelabel-head")',
    );
    const head = JSON.parse(JSON.stringify(trainTextClassifier(toy))) as Record<string, unknown>;
    expect(() => parseHead({ ...head, formatVersion: 9 }, 'h.json')).toThrow(
      /formatVersion 9 is not supported/,
    );
    expect(() => parseHead({ ...head, learner: 'svm' }, 'h.json')).toThrow(/unknown learner "svm"/);
  });
});
