// The two learners behind one small interface for the simulated annotator:
// everything that does not change between rounds (hashed n-gram counts, image
// features) is computed once; each round only fits and predicts.
import { createRng, type Rng } from '../../src/core/random/rng';
import type { Vector } from '../../src/core/active/vectors';
import { fitDense, standardize } from '../../src/learn/dense-classifier';
import { hashedCounts } from '../../src/learn/hash-features';
import { predictRow } from '../../src/learn/model';
import { transformTfidf } from '../../src/learn/tfidf';
import {
  fitPrepared,
  predictCounts,
  textSpecOf,
  type PreparedText,
} from '../../src/learn/text-classifier';

export interface Fitted {
  /** Per-class probabilities of item i. */
  predict(i: number): number[];
  /** Item i in the learner's feature space (diversity). */
  features(i: number): Vector;
}

export interface SimLearner {
  name: string;
  classes: string[];
  /** Class index of every item (the simulated annotator's answer). */
  truth: number[];
  fit(rows: readonly number[]): Fitted;
}

/** The text learner (hashed TF-IDF + logistic regression) on pre-hashed texts. */
export function textLearner(texts: readonly string[], labels: readonly string[]): SimLearner {
  const classes = [...new Set(labels)].sort();
  const truth = labels.map((l) => classes.indexOf(l));
  const spec = textSpecOf({});
  const counts = texts.map((t) => hashedCounts(t, spec));
  const prepared: PreparedText = {
    spec,
    labels: classes,
    multiple: false,
    counts,
    targets: truth.map((k) => [k]),
    skipped: [],
  };
  return {
    name: 'text',
    classes,
    truth,
    fit(rows) {
      const fitted = fitPrepared(prepared, {}, rows);
      return {
        predict: (i) => predictCounts(fitted, counts[i] as Map<number, number>),
        features: (i) => {
          const x = transformTfidf([counts[i] as Map<number, number>], fitted.tfidf);
          // A text with no n-gram the model knows is one point of its own ("nothing known").
          if (x.indices.length === 0) return { indices: [x.cols], values: [1] };
          return { indices: x.indices, values: x.values };
        },
      };
    },
  };
}

/** The dense head (standardised features + logistic regression) on precomputed vectors. */
export function denseLearner(
  features: readonly Float32Array[],
  labels: readonly string[],
  name: string,
  C?: number,
): SimLearner {
  const classes = [...new Set(labels)].sort();
  const truth = labels.map((l) => classes.indexOf(l));
  return {
    name,
    classes,
    truth,
    fit(rows) {
      const fitted = fitDense(
        rows.map((i) => features[i] as Float32Array),
        rows.map((i) => [truth[i] as number]),
        classes.length,
        C !== undefined ? { C } : {},
      );
      return {
        predict: (i) =>
          predictRow(
            fitted.model,
            standardize([features[i] as Float32Array], fitted.standardizer),
            0,
          ),
        features: (i) => features[i] as Float32Array,
      };
    },
  };
}

/** Rows resampled with replacement (a bootstrap), holding every class the rows hold. */
export function bootstrapRows(
  rows: readonly number[],
  truth: readonly number[],
  rng: Rng,
): number[] {
  const out = rows.map(() => rows[rng.int(0, rows.length - 1)] as number);
  // A member that never saw a class cannot vote for it: keep one of each.
  for (const k of new Set(rows.map((i) => truth[i]))) {
    if (!out.some((i) => truth[i] === k))
      out[rng.int(0, out.length - 1)] = rows.find((i) => truth[i] === k) as number;
  }
  return out;
}

/** `size` bootstrapped heads of the learner. */
export function fitCommittee(
  learner: SimLearner,
  rows: readonly number[],
  size: number,
  seed: number,
): Fitted[] {
  const rng = createRng(seed);
  return Array.from({ length: size }, () => learner.fit(bootstrapRows(rows, learner.truth, rng)));
}
