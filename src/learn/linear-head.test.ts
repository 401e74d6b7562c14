// A dense head folded into a softmax layer gives the head's own probabilities.
import { describe, expect, it } from 'vitest';
import { predictDense, trainDense } from './dense-classifier';
import { softmaxLayerOf, type SoftmaxLayer } from './linear-head';

function softmax(layer: SoftmaxLayer, x: ArrayLike<number>): number[] {
  const z = layer.weights.map((w, c) =>
    w.reduce((s, v, j) => s + v * (x[j] as number), layer.bias[c]!),
  );
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Points around a centre per label, deterministic. */
function data(labels: string[], perLabel: number) {
  const features: Float32Array[] = [];
  const names: string[] = [];
  labels.forEach((label, k) => {
    for (let i = 0; i < perLabel; i++) {
      features.push(
        Float32Array.from(
          { length: 6 },
          (_, j) => (j === k ? 3 : 0) + Math.sin(i * 7 + j * 3 + k) * 2 + j * 10,
        ),
      );
      names.push(label);
    }
  });
  return { features, names };
}

describe('softmaxLayerOf', () => {
  it.each([
    ['softmax', ['a', 'b', 'c'], ['a', 'b', 'c']],
    ['binary', ['a', 'b'], ['a', 'b']],
    ['binary with an unseen label', ['a', 'b'], ['a', 'b', 'never']],
  ])('%s: the same probabilities as the head, on raw features', (_, seen, labels) => {
    const { features, names } = data(seen, 8);
    const head = trainDense(features, names, { labels, C: 1 });
    const layer = softmaxLayerOf(head);
    expect(layer.classNames).toEqual(seen);
    for (const x of features) {
      const want = predictDense(head, x).probabilities;
      const got = softmax(layer, x);
      layer.classNames.forEach((name, c) => {
        expect(got[c]).toBeCloseTo(want[labels.indexOf(name)]!, 4);
      });
    }
  });

  it('refuses multiple-choice and hidden-layer heads', () => {
    const { features, names } = data(['a', 'b', 'c'], 6);
    expect(() => softmaxLayerOf(trainDense(features, names, { multiple: true }))).toThrow(
      /multiple-choice/,
    );
    expect(() => softmaxLayerOf(trainDense(features, names, { hidden: 3 }))).toThrow(
      /hidden layer/,
    );
  });
});
