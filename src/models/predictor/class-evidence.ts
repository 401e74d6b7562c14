// What a classifier's raw form says for ranking (the app's Label next): least
// confidence, margin and entropy of its whole class distribution, and the
// class probabilities it kept as a sparse vector (diversity and clusters).
// Text classifiers and heads keep every probability (up to MAX_KEPT_CLASSES,
// the likeliest; the measures are taken on all first); image classifiers
// keep the top class and those over the raw floor (0.05), each carrying the
// margin and entropy of all classes, so the three measures stay exact. The
// size is bounded because the run journal keeps it with each prediction.
import { certaintyOf, multiLabelCertainty, type CertaintyMeasure } from '../../core/active';
import type { SparseVector } from '../../core/active/vectors';

/** Class probabilities kept per task at most (the likeliest). */
export const MAX_KEPT_CLASSES = 64;

export interface ClassEvidence {
  certainties: Partial<Record<CertaintyMeasure, number>>;
  /** The kept class probabilities, class index ascending. */
  vector: SparseVector;
}

interface KeptClass {
  kind: 'class';
  classIndex: number;
  score: number;
  margin?: number;
  entropy?: number;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

function isNumberList(raw: unknown): raw is ArrayLike<number> {
  if (raw instanceof Float32Array || raw instanceof Float64Array) return true;
  return Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'number');
}

function keptClasses(raw: unknown): KeptClass[] {
  const candidates = (raw as { candidates?: unknown } | null)?.candidates;
  if (!Array.isArray(candidates)) return [];
  return candidates.filter(
    (c): c is KeptClass =>
      (c as KeptClass)?.kind === 'class' && Number.isFinite((c as KeptClass).score),
  );
}

/** Every class probability (text classifiers, heads): softmax, or independent sigmoids. */
function fromDistribution(p: ArrayLike<number>): ClassEvidence {
  const list = Array.from(p);
  const sum = list.reduce((a, b) => a + b, 0);
  // Sigmoid outputs (Choices choice="multiple") need not sum to 1.
  const multiLabel = list.length > 1 && Math.abs(sum - 1) > 0.01;
  const certainties: Partial<Record<CertaintyMeasure, number>> = {};
  for (const measure of ['least-confidence', 'margin', 'entropy'] as const) {
    certainties[measure] = multiLabel ? multiLabelCertainty(list) : certaintyOf(list, measure);
  }
  return { certainties, vector: likeliest([...list.keys()], list) };
}

/** The classes' probabilities as a sparse vector, the likeliest MAX_KEPT_CLASSES at most, class index ascending. */
function likeliest(classes: number[], probabilities: readonly number[]): ClassEvidence['vector'] {
  let kept = classes;
  if (kept.length > MAX_KEPT_CLASSES) {
    kept = [...kept]
      .sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b)
      .slice(0, MAX_KEPT_CLASSES)
      .sort((a, b) => a - b);
  }
  return {
    indices: Int32Array.from(kept),
    values: Float32Array.from(kept, (c) => probabilities[c] as number),
  };
}

/** Image classifiers' kept class candidates; `classCount` rescales least confidence as certaintyOf does. */
function fromKept(kept: KeptClass[], classCount: number): ClassEvidence {
  const top = kept.reduce((a, b) => (b.score > a.score ? b : a));
  const certainties: Partial<Record<CertaintyMeasure, number>> = {
    'least-confidence':
      classCount > 1 ? clamp01((top.score - 1 / classCount) / (1 - 1 / classCount)) : 1,
  };
  if (Number.isFinite(top.margin)) certainties.margin = clamp01(top.margin as number);
  if (Number.isFinite(top.entropy)) certainties.entropy = clamp01(1 - (top.entropy as number));
  const scores: number[] = [];
  for (const c of kept) scores[c.classIndex] = Math.max(scores[c.classIndex] ?? 0, c.score);
  const classes = [...new Set(kept.map((c) => c.classIndex))];
  return {
    certainties,
    vector: likeliest(
      classes.sort((a, b) => a - b),
      scores,
    ),
  };
}

/** Undefined when the raw form holds no class distribution (detections, spans, replies). */
export function classEvidence(raw: unknown, classCount: number): ClassEvidence | undefined {
  if (isNumberList(raw)) return raw.length > 0 ? fromDistribution(raw) : undefined;
  const kept = keptClasses(raw);
  return kept.length > 0 ? fromKept(kept, classCount) : undefined;
}
