// Logistic regression, optionally with one tanh hidden layer, trained by
// full-batch L-BFGS with L2 as scikit-learn 1.2 does it (objective: summed
// log-loss + ||W||² / (2·C); intercepts are not penalised).
//   single label, 2 classes seen → one sigmoid output (scikit-learn's binary case);
//   single label, more          → softmax;
//   multiple (`choice="multiple"`) → one sigmoid per label (one-vs-rest).
// Labels with no example (or, multi-label, on every example) are not modelled:
// their probability is fixed at 0 (or 1).
import { DEFAULT_LBFGS, minimizeLbfgs, type LbfgsOptions } from './lbfgs';
import { rowAxpy, rowDot, type Rows } from './matrix';
import { createRng } from '../core/random/rng';
import { collapseUniqueColumns } from './collapse-unique';

export type OutputKind = 'binary' | 'softmax' | 'sigmoid' | 'constant';

export interface Model {
  output: OutputKind;
  inputs: number;
  /** Hidden units (0: plain logistic regression). */
  hidden: number;
  /** Label index of each output (binary: [negative, positive]). */
  classes: number[];
  labelCount: number;
  /** Per label: its fixed probability when it is not modelled, else null. */
  fixed: (number | null)[];
  /** hidden = 0: W (outputs × inputs), b. Else W1 (hidden × inputs), b1, W2 (outputs × hidden), b2. */
  params: Float64Array;
}

export interface TrainModelOptions {
  labelCount: number;
  multiple: boolean;
  /** Inverse L2 strength, as scikit-learn's C. */
  C: number;
  hidden: number;
  seed: number;
  /** Per example (bootstrap multiplicities); default 1 each. */
  sampleWeights?: Float64Array;
  lbfgs?: Partial<LbfgsOptions>;
  /** Sparse rows: train on every column as is (no collapse of single-row columns; for tests). */
  exact?: boolean;
  /**
   * Start from this model (its params laid out for `x`'s columns) instead of
   * zeros: a retrain after one more annotation starts next to its optimum.
   * Ignored unless it has the same outputs, classes and hidden units.
   */
  warmStart?: WarmStart;
}

export type WarmStart = Pick<Model, 'output' | 'classes' | 'hidden' | 'params'>;

/** First-layer rows of the planned model when `start` fits it, else 0. */
function warmRows(
  shape: Pick<Model, 'output' | 'classes'>,
  hidden: number,
  cols: number,
  start: WarmStart | undefined,
): number {
  if (!start || shape.output === 'constant' || start.output !== shape.output) return 0;
  if (start.hidden !== hidden || start.classes.join() !== shape.classes.join()) return 0;
  const outputs = outputCount(shape);
  return start.params.length === paramCount(cols, hidden, outputs) ? hidden || outputs : 0;
}

export interface TrainedModel {
  model: Model;
  iterations: number;
  converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

function outputCount(m: Pick<Model, 'output' | 'classes'>): number {
  return m.output === 'binary' ? 1 : m.output === 'constant' ? 0 : m.classes.length;
}

function paramCount(inputs: number, hidden: number, outputs: number): number {
  return hidden === 0
    ? outputs * inputs + outputs
    : hidden * inputs + hidden + outputs * hidden + outputs;
}

/** Decides what is modelled from the labels seen (with weight > 0). */
function plan(
  labels: readonly number[][],
  options: TrainModelOptions,
): Pick<Model, 'output' | 'classes' | 'fixed'> {
  const weight = (i: number) => options.sampleWeights?.[i] ?? 1;
  const positives = new Float64Array(options.labelCount);
  let total = 0;
  labels.forEach((ls, i) => {
    if (weight(i) <= 0) return;
    total += weight(i);
    for (const l of new Set(ls)) positives[l] = (positives[l] as number) + weight(i);
  });
  const fixed: (number | null)[] = new Array<number | null>(options.labelCount).fill(0);
  const classes: number[] = [];
  positives.forEach((p, l) => {
    if (options.multiple && p >= total) fixed[l] = 1;
    else if (p > 0) {
      classes.push(l);
      fixed[l] = null;
    }
  });
  if (classes.length === 0) return { output: 'constant', classes, fixed };
  if (options.multiple) return { output: 'sigmoid', classes, fixed };
  if (classes.length === 1) {
    fixed[classes[0] as number] = 1;
    return { output: 'constant', classes: [], fixed };
  }
  return { output: classes.length === 2 ? 'binary' : 'softmax', classes, fixed };
}

/** Targets per example over the model's outputs (single label: soft, split among its labels). */
function targetsOf(labels: readonly number[][], model: Model): Float64Array {
  const k = model.classes.length;
  const column = new Map(model.classes.map((l, c) => [l, c]));
  const t = new Float64Array(labels.length * k);
  labels.forEach((ls, i) => {
    const known = [...new Set(ls)].filter((l) => column.has(l));
    for (const l of known) {
      t[i * k + (column.get(l) as number)] = model.output === 'sigmoid' ? 1 : 1 / known.length;
    }
  });
  return t;
}

/** Logits of row i into `z` (and hidden activations into `a`). */
function forward(model: Model, x: Rows, i: number, z: Float64Array, a: Float64Array): void {
  const { inputs, hidden, params } = model;
  const outputs = outputCount(model);
  if (hidden === 0) {
    const bias = outputs * inputs;
    for (let o = 0; o < outputs; o++)
      z[o] = rowDot(x, i, params, o * inputs) + (params[bias + o] as number);
    return;
  }
  const b1 = hidden * inputs;
  const w2 = b1 + hidden;
  const b2 = w2 + outputs * hidden;
  for (let h = 0; h < hidden; h++)
    a[h] = Math.tanh(rowDot(x, i, params, h * inputs) + (params[b1 + h] as number));
  for (let o = 0; o < outputs; o++) {
    let s = params[b2 + o] as number;
    for (let h = 0; h < hidden; h++)
      s += (params[w2 + o * hidden + h] as number) * (a[h] as number);
    z[o] = s;
  }
}

/** Loss of one example from its logits; writes dLoss/dz into `dz`. */
function lossAndDelta(
  output: OutputKind,
  z: Float64Array,
  t: Float64Array,
  offset: number,
  dz: Float64Array,
  outputs: number,
): number {
  if (output === 'binary') {
    const y = t[offset + 1] as number; // the positive class's target
    const zz = z[0] as number;
    dz[0] = sigmoid(zz) - y;
    return softplus(zz) - y * zz;
  }
  if (output === 'sigmoid') {
    let loss = 0;
    for (let o = 0; o < outputs; o++) {
      const y = t[offset + o] as number;
      const zz = z[o] as number;
      dz[o] = sigmoid(zz) - y;
      loss += softplus(zz) - y * zz;
    }
    return loss;
  }
  let max = -Infinity;
  for (let o = 0; o < outputs; o++) max = Math.max(max, z[o] as number);
  let sum = 0;
  for (let o = 0; o < outputs; o++) sum += Math.exp((z[o] as number) - max);
  const logSum = max + Math.log(sum);
  let loss = logSum;
  for (let o = 0; o < outputs; o++) {
    const y = t[offset + o] as number;
    dz[o] = Math.exp((z[o] as number) - logSum) - y;
    loss -= y * (z[o] as number);
  }
  return loss;
}

function initialParams(model: Model, x: Rows, seed: number): Float64Array {
  const outputs = outputCount(model);
  const params = new Float64Array(paramCount(model.inputs, model.hidden, outputs));
  if (model.hidden === 0) return params; // convex: zeros, as scikit-learn
  const rng = createRng(seed);
  // Glorot-uniform; a sparse row's fan-in is its typical count of non-zeros.
  const fanIn =
    x.kind === 'sparse' ? Math.max(1, (x.indptr[x.rows] as number) / Math.max(1, x.rows)) : x.cols;
  const r1 = Math.sqrt(6 / (fanIn + model.hidden));
  const r2 = Math.sqrt(6 / (model.hidden + outputs));
  const w1 = model.hidden * model.inputs;
  for (let j = 0; j < w1; j++) params[j] = (rng.float() * 2 - 1) * r1;
  const w2 = w1 + model.hidden;
  for (let j = 0; j < outputs * model.hidden; j++) params[w2 + j] = (rng.float() * 2 - 1) * r2;
  return params;
}

export function trainModel(
  x: Rows,
  labels: readonly number[][],
  options: TrainModelOptions,
): TrainedModel {
  if (x.kind !== 'sparse' || options.exact) {
    const warm = options.warmStart;
    const fits = warmRows(plan(labels, options), options.hidden, x.cols, warm) > 0;
    return trainOn(x, labels, options, fits ? warm?.params : undefined);
  }
  // Same minimiser, far fewer parameters: see collapse-unique.ts.
  const { reduced, expand, reduce } = collapseUniqueColumns(x);
  const warm = options.warmStart;
  const rows = warmRows(plan(labels, options), options.hidden, x.cols, warm);
  const trained = trainOn(reduced, labels, options, warm && reduce(warm.params, rows));
  const { model } = trained;
  if (model.output !== 'constant') {
    const firstLayerRows = model.hidden || outputCount(model);
    model.params = expand(model.params, firstLayerRows);
  }
  model.inputs = x.cols;
  return trained;
}

function trainOn(
  x: Rows,
  labels: readonly number[][],
  options: TrainModelOptions,
  /** Warm-start params already in `x`'s layout (sparse: reduced); else from options.warmStart. */
  startParams?: Float64Array,
): TrainedModel {
  const shape = plan(labels, options);
  const model: Model = {
    ...shape,
    inputs: x.cols,
    hidden: shape.output === 'constant' ? 0 : options.hidden,
    labelCount: options.labelCount,
    params: new Float64Array(0),
  };
  if (model.output === 'constant') return { model, iterations: 0, converged: true };
  const outputs = outputCount(model);
  const k = model.classes.length;
  const targets = targetsOf(labels, model);
  const weights = options.sampleWeights ?? new Float64Array(x.rows).fill(1);
  const { inputs, hidden } = model;
  const penalised = hidden === 0 ? outputs * inputs : hidden * inputs;
  const w2 = hidden * inputs + hidden;
  const penalisedW2 = hidden === 0 ? 0 : outputs * hidden;
  const lambda = 1 / options.C;
  const z = new Float64Array(outputs);
  const dz = new Float64Array(outputs);
  const a = new Float64Array(hidden);
  const da = new Float64Array(hidden);
  const scratch = new Float64Array(x.rows);

  const objective = (params: Float64Array, grad: Float64Array): number => {
    if (hidden === 0 && x.kind === 'sparse' && outputs === 1) {
      return binarySparseObjective(x, targets, k, weights, lambda, params, grad, scratch);
    }
    model.params = params;
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < x.rows; i++) {
      const w = weights[i] as number;
      if (w === 0) continue;
      forward(model, x, i, z, a);
      loss += w * lossAndDelta(model.output, z, targets, i * k, dz, outputs);
      if (hidden === 0) {
        const bias = outputs * inputs;
        for (let o = 0; o < outputs; o++) {
          const d = w * (dz[o] as number);
          rowAxpy(x, i, d, grad, o * inputs);
          grad[bias + o] = (grad[bias + o] as number) + d;
        }
        continue;
      }
      const b2 = w2 + outputs * hidden;
      da.fill(0);
      for (let o = 0; o < outputs; o++) {
        const d = w * (dz[o] as number);
        grad[b2 + o] = (grad[b2 + o] as number) + d;
        for (let h = 0; h < hidden; h++) {
          const at = w2 + o * hidden + h;
          grad[at] = (grad[at] as number) + d * (a[h] as number);
          da[h] = (da[h] as number) + d * (params[at] as number);
        }
      }
      const b1 = hidden * inputs;
      for (let h = 0; h < hidden; h++) {
        const ah = a[h] as number;
        const d = (da[h] as number) * (1 - ah * ah);
        rowAxpy(x, i, d, grad, h * inputs);
        grad[b1 + h] = (grad[b1 + h] as number) + d;
      }
    }
    let norm = 0;
    for (let j = 0; j < penalised; j++) {
      const p = params[j] as number;
      norm += p * p;
      grad[j] = (grad[j] as number) + lambda * p;
    }
    for (let j = w2; j < w2 + penalisedW2; j++) {
      const p = params[j] as number;
      norm += p * p;
      grad[j] = (grad[j] as number) + lambda * p;
    }
    return loss + 0.5 * lambda * norm;
  };

  const start =
    startParams && startParams.length === paramCount(inputs, hidden, outputs)
      ? startParams
      : initialParams(model, x, options.seed);
  const result = minimizeLbfgs(objective, start, {
    ...DEFAULT_LBFGS,
    ...options.lbfgs,
  });
  model.params = result.x;
  return { model, iterations: result.iterations, converged: result.converged };
}

/**
 * The common case (two classes, no hidden layer, sparse text rows) in flat
 * loops, without the general path's per-row calls (same objective; sums in another order).
 */
function binarySparseObjective(
  x: Extract<Rows, { kind: 'sparse' }>,
  targets: Float64Array,
  k: number,
  weights: Float64Array,
  lambda: number,
  params: Float64Array,
  grad: Float64Array,
  delta: Float64Array,
): number {
  const { indptr, indices, values, rows } = x;
  const inputs = x.cols;
  const bias = params[inputs] as number;
  let loss = 0;
  let biasGrad = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i] as number;
    if (w === 0) {
      delta[i] = 0;
      continue;
    }
    let z = bias;
    const end = indptr[i + 1] as number;
    for (let p = indptr[i] as number; p < end; p++) {
      z += (values[p] as number) * (params[indices[p] as number] as number);
    }
    const y = targets[i * k + 1] as number;
    loss += w * (softplus(z) - y * z);
    const d = w * (sigmoid(z) - y);
    delta[i] = d;
    biasGrad += d;
  }
  let norm = 0;
  for (let j = 0; j < inputs; j++) {
    const p = params[j] as number;
    norm += p * p;
    grad[j] = lambda * p;
  }
  for (let i = 0; i < rows; i++) {
    const d = delta[i] as number;
    if (d === 0) continue;
    const end = indptr[i + 1] as number;
    for (let p = indptr[i] as number; p < end; p++) {
      const j = indices[p] as number;
      grad[j] = (grad[j] as number) + d * (values[p] as number);
    }
  }
  grad[inputs] = biasGrad;
  return loss + 0.5 * lambda * norm;
}

/** Per-label probabilities of row i (length labelCount). */
export function predictRow(model: Model, x: Rows, i: number): number[] {
  const probabilities = model.fixed.map((p) => p ?? 0);
  if (model.output === 'constant') return probabilities;
  const outputs = outputCount(model);
  const z = new Float64Array(outputs);
  forward(model, x, i, z, new Float64Array(model.hidden));
  if (model.output === 'binary') {
    const p = sigmoid(z[0] as number);
    probabilities[model.classes[0] as number] = 1 - p;
    probabilities[model.classes[1] as number] = p;
  } else if (model.output === 'sigmoid') {
    model.classes.forEach((l, o) => (probabilities[l] = sigmoid(z[o] as number)));
  } else {
    let max = -Infinity;
    for (const v of z) max = Math.max(max, v);
    let sum = 0;
    for (const v of z) sum += Math.exp(v - max);
    model.classes.forEach((l, o) => (probabilities[l] = Math.exp((z[o] as number) - max) / sum));
  }
  return probabilities;
}
