// The built-in text learner (Label Studio's online-learning tutorial, as
// TypeScript): hashed TF-IDF over word 1–3-grams, logistic regression.
import { hashedCounts, type HashingSpec } from './hash-features';
import {
  deserializeModel,
  HEAD_FORMAT,
  HEAD_FORMAT_VERSION,
  modelVersionFor,
  serializeModel,
  type TextHead,
} from './head';
import { base64ToFloat32, base64ToUint32, float32ToBase64, uint32ToBase64 } from './base64';
import type { LbfgsOptions } from './lbfgs';
import { indexLabels } from './label-index';
import { trainModel, predictRow, type Model, type WarmStart } from './model';
import { columnOf, fitTfidf, transformTfidf, type FittedTfidf, type TfidfSpec } from './tfidf';
import type { Analyzer } from './tokenize';
import type { TextFeatureCache } from './text-feature-cache';

export interface TextExample {
  text: string;
  labels: string[];
}

export interface TrainTextOptions {
  /** The label list (e.g. the config's choices); default: the labels seen, sorted. */
  labels?: string[];
  /** `choice="multiple"`: one-vs-rest sigmoids; default false (softmax). */
  multiple?: boolean;
  /** Inverse L2 strength as scikit-learn's C; default 10 (the tutorial's). */
  C?: number;
  /** Units of one tanh hidden layer; default 0 (plain logistic regression). */
  hidden?: number;
  /** Seed of everything random (hidden-layer init, folds, bootstraps); default 0. */
  seed?: number;
  /** `word` (default) or `char_wb` character n-grams. */
  analyzer?: Analyzer;
  /** Default [1, 3] for words, [2, 5] for characters. */
  ngramRange?: [number, number];
  /**
   * tf → 1 + ln(tf); default false, as the tutorial's TfidfVectorizer: on the
   * SpamAssassin bench sublinear tf lost 1.7 points at 25 labels (README).
   */
  sublinearTf?: boolean;
  /** 2^hashBits buckets; default 24. Only buckets seen in training are stored. */
  hashBits?: number;
  lbfgs?: Partial<LbfgsOptions>;
  /** Keeps each text's hashed counts for the next retrain (online learning). */
  featureCache?: TextFeatureCache;
  /**
   * The previous head: training starts from its weights (matched by hashed
   * bucket) instead of zeros, so a retrain after one more annotation takes a
   * few iterations. Used only when its labels and feature settings match.
   */
  warmStart?: TextHead;
}

export interface TextPrediction {
  labels: string[];
  /** One per label, in `labels` order. */
  probabilities: number[];
}

export function textSpecOf(options: TrainTextOptions): TfidfSpec {
  const analyzer = options.analyzer ?? 'word';
  const hashBits = options.hashBits ?? 24;
  if (!Number.isInteger(hashBits) || hashBits < 8 || hashBits > 31) {
    throw new Error(`hashBits must be an integer from 8 to 31, got ${hashBits}`);
  }
  const ngramRange = options.ngramRange ?? (analyzer === 'word' ? [1, 3] : [2, 5]);
  if (!(ngramRange[0] >= 1 && ngramRange[1] >= ngramRange[0])) {
    throw new Error(
      `ngramRange must be [min, max] with 1 ≤ min ≤ max, got [${ngramRange.join(', ')}]`,
    );
  }
  return { analyzer, ngramRange, hashBits, hashSeed: 0, sublinearTf: options.sublinearTf ?? false };
}

/** Everything a fold, a committee member or the full head trains from. */
export interface PreparedText {
  spec: TfidfSpec;
  labels: string[];
  multiple: boolean;
  counts: Map<number, number>[];
  targets: number[][];
  skipped: string[];
}

export function prepareText(
  examples: readonly TextExample[],
  options: TrainTextOptions,
): PreparedText {
  const spec = textSpecOf(options);
  const multiple = options.multiple ?? false;
  const set = indexLabels(
    examples.map((e) => e.labels),
    options.labels,
    multiple,
  );
  return {
    spec,
    labels: set.labels,
    multiple,
    counts: set.kept.map((i) => {
      const text = (examples[i] as TextExample).text;
      return options.featureCache
        ? options.featureCache.counts(text, spec)
        : hashedCounts(text, spec);
    }),
    targets: set.targets,
    skipped: set.skipped,
  };
}

export interface FittedText {
  tfidf: FittedTfidf;
  model: Model;
  iterations: number;
  converged: boolean;
}

/** Fits TF-IDF and the model on the prepared examples at `rows` (all by default). */
export function fitPrepared(
  prepared: PreparedText,
  options: TrainTextOptions,
  rows?: readonly number[],
): FittedText {
  const pick = rows ?? prepared.counts.map((_, i) => i);
  const counts = pick.map((i) => prepared.counts[i] as Map<number, number>);
  const tfidf = fitTfidf(counts, prepared.spec);
  const x = transformTfidf(counts, tfidf);
  const trained = trainModel(
    x,
    pick.map((i) => prepared.targets[i] as number[]),
    {
      labelCount: prepared.labels.length,
      multiple: prepared.multiple,
      C: options.C ?? 10,
      hidden: options.hidden ?? 0,
      seed: options.seed ?? 0,
      ...(options.lbfgs ? { lbfgs: options.lbfgs } : {}),
      ...warmStartFor(options.warmStart, prepared, tfidf),
    },
  );
  // Rounded to float32 now so a head read back from its file predicts exactly the same.
  trained.model.params = Float64Array.from(Float32Array.from(trained.model.params));
  return { tfidf, ...trained };
}

/** The previous head's model with its weights moved to the new columns (by bucket). */
function warmStartFor(
  head: TextHead | undefined,
  prepared: PreparedText,
  tfidf: FittedTfidf,
): { warmStart?: WarmStart } {
  if (!head || head.labels.join('\u0000') !== prepared.labels.join('\u0000')) return {};
  const old = textRuntime(head);
  const a = old.tfidf.spec;
  const b = prepared.spec;
  const same =
    a.analyzer === b.analyzer &&
    a.ngramRange.join() === b.ngramRange.join() &&
    a.hashBits === b.hashBits &&
    a.hashSeed === b.hashSeed &&
    a.sublinearTf === b.sublinearTf;
  const { model } = old;
  if (!same || model.output === 'constant') return {};
  const rows = model.hidden || (model.output === 'binary' ? 1 : model.classes.length);
  const oldCols = model.inputs;
  const cols = tfidf.hashes.length;
  const tail = model.params.length - rows * oldCols;
  const params = new Float64Array(rows * cols + tail);
  for (let c = 0; c < cols; c++) {
    const o = columnOf(old.tfidf.hashes, tfidf.hashes[c] as number);
    if (o < 0) continue;
    for (let r = 0; r < rows; r++) params[r * cols + c] = model.params[r * oldCols + o] as number;
  }
  params.set(model.params.subarray(rows * oldCols), rows * cols);
  return { warmStart: { ...model, params } };
}

export function predictCounts(
  fitted: Pick<FittedText, 'tfidf' | 'model'>,
  counts: Map<number, number>,
): number[] {
  return predictRow(fitted.model, transformTfidf([counts], fitted.tfidf), 0);
}

function headOf(prepared: PreparedText, fitted: FittedText, options: TrainTextOptions): TextHead {
  const { spec } = prepared;
  const learner = 'text-tfidf-logreg';
  return {
    format: HEAD_FORMAT,
    formatVersion: HEAD_FORMAT_VERSION,
    learner,
    modelVersion: modelVersionFor(learner, prepared.counts.length),
    labels: prepared.labels,
    multiple: prepared.multiple,
    annotationCount: prepared.counts.length,
    createdAt: new Date().toISOString(),
    features: {
      kind: 'hashed-tfidf',
      analyzer: spec.analyzer,
      ngramRange: [...spec.ngramRange],
      lowercase: true,
      hash: 'murmur3-x86-32',
      hashBits: spec.hashBits,
      hashSeed: spec.hashSeed,
      sublinearTf: spec.sublinearTf,
      documentCount: fitted.tfidf.documentCount,
      buckets: uint32ToBase64(fitted.tfidf.hashes),
      idf: float32ToBase64(fitted.tfidf.idf),
    },
    model: serializeModel(fitted.model),
    training: {
      C: options.C ?? 10,
      hidden: options.hidden ?? 0,
      seed: options.seed ?? 0,
      iterations: fitted.iterations,
      converged: fitted.converged,
      skipped: prepared.skipped,
    },
  };
}

/**
 * Trains a text head on the examples. Throws when no example has a usable
 * label; examples with labels outside `options.labels` are skipped and listed
 * in `head.training.skipped`.
 */
export function trainTextClassifier(
  examples: readonly TextExample[],
  options: TrainTextOptions = {},
): TextHead {
  const prepared = prepareText(examples, options);
  if (prepared.counts.length === 0) {
    const why = prepared.skipped.length ? `: ${prepared.skipped.slice(0, 3).join('; ')}` : '';
    throw new Error(`no training example with a known label (${examples.length} given)${why}`);
  }
  return headOf(prepared, fitPrepared(prepared, options), options);
}

interface Runtime {
  tfidf: FittedTfidf;
  model: Model;
}
const runtimes = new WeakMap<TextHead, Runtime>();

/** The head's vectorizer and model, decoded once per head object. */
export function textRuntime(head: TextHead): Runtime {
  let r = runtimes.get(head);
  if (!r) {
    const f = head.features;
    const hashes = base64ToUint32(f.buckets);
    const spec: TfidfSpec = {
      analyzer: f.analyzer,
      ngramRange: [...f.ngramRange],
      hashBits: f.hashBits,
      hashSeed: f.hashSeed,
      sublinearTf: f.sublinearTf,
    };
    r = {
      tfidf: {
        spec,
        documentCount: f.documentCount,
        hashes,
        idf: base64ToFloat32(f.idf),
      },
      model: deserializeModel(head.model, head.labels.length),
    };
    runtimes.set(head, r);
  }
  return r;
}

export function hashingSpecOf(head: TextHead): HashingSpec {
  return textRuntime(head).tfidf.spec;
}

/** Per-label probabilities of one text. */
export function predictText(head: TextHead, text: string): TextPrediction {
  const r = textRuntime(head);
  return {
    labels: [...head.labels],
    probabilities: predictCounts(r, hashedCounts(text, r.tfidf.spec)),
  };
}

/** A text's TF-IDF vector in the head's feature space (for diversity sampling): L2-normalised, sparse. */
export function textFeatures(
  head: TextHead,
  text: string,
): { dimension: number; indices: Int32Array; values: Float32Array } {
  const r = textRuntime(head);
  const x = transformTfidf([hashedCounts(text, r.tfidf.spec)], r.tfidf);
  return { dimension: x.cols, indices: x.indices, values: x.values };
}
