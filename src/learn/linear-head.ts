// A dense head as a plain softmax layer on the raw features: the
// standardisation folded into the weights (w·(x − μ)·s + b = (w·s)·x +
// (b − Σ w·s·μ)). The audio-classification family reads this form (head.json:
// classNames, weights, bias). Only single-choice heads without a hidden
// layer have one; labels with no training example are left out.
import { denseRuntime } from './dense-classifier';
import type { DenseHead } from './head';

export interface SoftmaxLayer {
  classNames: string[];
  /** [classes][features] */
  weights: number[][];
  bias: number[];
}

export function softmaxLayerOf(head: DenseHead): SoftmaxLayer {
  const { model, standardizer } = denseRuntime(head);
  if (model.hidden > 0) throw new Error('a head with a hidden layer is not a softmax layer');
  if (model.output === 'sigmoid') {
    throw new Error('a multiple-choice head (one sigmoid per label) is not a softmax layer');
  }
  const inputs = model.inputs;
  const outputs = model.output === 'binary' ? 1 : model.classes.length;
  const row = (o: number): { weights: number[]; bias: number } => {
    const weights: number[] = [];
    let bias = model.params[outputs * inputs + o] as number;
    for (let j = 0; j < inputs; j++) {
      const w = (model.params[o * inputs + j] as number) * (standardizer.scale[j] as number);
      weights.push(w);
      bias -= w * (standardizer.mean[j] as number);
    }
    return { weights, bias };
  };
  const rows: { label: number; weights: number[]; bias: number }[] = [];
  if (model.output === 'constant') {
    // One label seen: it is always the answer.
    const label = model.fixed.findIndex((p) => p === 1);
    rows.push({
      label: label < 0 ? 0 : label,
      weights: new Array<number>(inputs).fill(0),
      bias: 0,
    });
  } else if (model.output === 'binary') {
    // softmax([0, z]) = [1 − σ(z), σ(z)]
    rows.push({
      label: model.classes[0] as number,
      weights: new Array<number>(inputs).fill(0),
      bias: 0,
    });
    rows.push({ label: model.classes[1] as number, ...row(0) });
  } else {
    model.classes.forEach((label, o) => rows.push({ label, ...row(o) }));
  }
  return {
    classNames: rows.map((r) => head.labels[r.label] as string),
    weights: rows.map((r) => r.weights),
    bias: rows.map((r) => r.bias),
  };
}

/** head.json of a sound-class folder, exactly as `prelabel train` writes it and the app exports it. */
export function softmaxLayerText(head: DenseHead): string {
  return `${JSON.stringify(softmaxLayerOf(head))}\n`;
}
