// A trained head as a JSON-serialisable object: what `prelabel train --out`
// writes, what the app keeps in IndexedDB, what `/train` returns. It names its
// learner, feature settings, labels, annotation count and (image heads) the
// backbone's hash and feature output.
import { base64ToFloat32, float32ToBase64 } from './base64';
import type { Analyzer } from './tokenize';
import type { Model, OutputKind } from './model';

export const HEAD_FORMAT = 'prelabel-head';
export const HEAD_FORMAT_VERSION = 1;

export interface SerializedModel {
  output: OutputKind;
  inputs: number;
  hidden: number;
  classes: number[];
  fixed: (number | null)[];
  /** Float32 little-endian, base64. */
  params: string;
}

export interface TrainingInfo {
  C: number;
  hidden: number;
  seed: number;
  iterations: number;
  converged: boolean;
  /** Examples left out (no label known to the head), with why. */
  skipped: string[];
}

export interface TextFeatureSpec {
  kind: 'hashed-tfidf';
  analyzer: Analyzer;
  ngramRange: [number, number];
  /** Always lower-cased; words are scikit-learn's `(?u)\b\w\w+\b`. */
  lowercase: true;
  hash: 'murmur3-x86-32';
  hashBits: number;
  hashSeed: number;
  sublinearTf: boolean;
  documentCount: number;
  /** Hashed bucket per column (uint32 little-endian, base64). */
  buckets: string;
  /** idf per column (float32, base64). */
  idf: string;
}

export interface BackboneRef {
  /** SHA-256 (hex) of the backbone ONNX file. */
  sha256: string;
  /** The graph output the features are read from (e.g. the pooled penultimate layer). */
  output: string;
  name?: string;
}

export interface DenseFeatureSpec {
  kind: 'dense';
  dimension: number;
  /** Standardisation learnt on the training features (float32, base64). */
  mean: string;
  scale: string;
  backbone?: BackboneRef;
}

interface HeadBase {
  format: typeof HEAD_FORMAT;
  formatVersion: typeof HEAD_FORMAT_VERSION;
  /** `model_version` for predictions: the learner and the annotation count. */
  modelVersion: string;
  labels: string[];
  multiple: boolean;
  /** Training examples used (annotations). */
  annotationCount: number;
  createdAt: string;
  training: TrainingInfo;
  model: SerializedModel;
}

export interface TextHead extends HeadBase {
  learner: 'text-tfidf-logreg';
  features: TextFeatureSpec;
}

export interface DenseHead extends HeadBase {
  learner: 'dense-logreg';
  features: DenseFeatureSpec;
}

export type Head = TextHead | DenseHead;

export function serializeModel(model: Model): SerializedModel {
  return {
    output: model.output,
    inputs: model.inputs,
    hidden: model.hidden,
    classes: [...model.classes],
    fixed: [...model.fixed],
    params: float32ToBase64(model.params),
  };
}

export function deserializeModel(m: SerializedModel, labelCount: number): Model {
  return {
    output: m.output,
    inputs: m.inputs,
    hidden: m.hidden,
    classes: [...m.classes],
    fixed: [...m.fixed],
    labelCount,
    params: Float64Array.from(base64ToFloat32(m.params)),
  };
}

export function modelVersionFor(learner: string, annotationCount: number): string {
  return `${learner}@${annotationCount}-annotations`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed head file and returns it typed; throws an Error naming the
 * first thing wrong (`source` names the file in the message).
 */
export function parseHead(value: unknown, source = 'head'): Head {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a Prelabel head file (${why})`);
  };
  if (!isObject(value)) return fail('expected a JSON object');
  if (value.format !== HEAD_FORMAT) return fail(`"format" must be "${HEAD_FORMAT}"`);
  if (value.formatVersion !== HEAD_FORMAT_VERSION) {
    return fail(
      `formatVersion ${String(value.formatVersion)} is not supported (this build reads ${HEAD_FORMAT_VERSION})`,
    );
  }
  if (value.learner !== 'text-tfidf-logreg' && value.learner !== 'dense-logreg') {
    return fail(`unknown learner ${JSON.stringify(value.learner)}`);
  }
  if (!Array.isArray(value.labels) || !value.labels.every((l) => typeof l === 'string')) {
    return fail('"labels" must be a list of strings');
  }
  const model = value.model;
  if (!isObject(model) || typeof model.params !== 'string' || !Array.isArray(model.classes)) {
    return fail('"model" is missing or incomplete');
  }
  if (!Array.isArray(model.fixed) || model.fixed.length !== value.labels.length) {
    return fail('"model.fixed" must have one entry per label');
  }
  const features = value.features;
  if (!isObject(features)) return fail('"features" is missing');
  if (value.learner === 'text-tfidf-logreg' && features.kind !== 'hashed-tfidf') {
    return fail('a text head needs "hashed-tfidf" features');
  }
  if (value.learner === 'dense-logreg' && features.kind !== 'dense') {
    return fail('a dense head needs "dense" features');
  }
  return value as unknown as Head;
}
