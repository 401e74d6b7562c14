// The one task score every prediction carries, with Label Studio's meaning:
// a number in [0, 1], lower = less certain = label it sooner. It weighs what
// the prediction shows (its regions, lines or chosen class, combined as the
// run chose) against the best candidate the thresholds left out (a near
// miss): the task is as uncertain as the less certain of the two. So a photo
// where nothing reached the threshold still gets a score: a candidate just
// under it makes the task uncertain, nothing near it makes it certain-empty.
import { aggregateTaskScore, type ScoreAggregation } from '../export/score';

/** The best-scoring candidate the thresholds dropped, and the threshold it missed. */
export interface NearMiss {
  score: number;
  threshold: number;
}

export interface ScoreEvidence {
  /** Confidences of what the prediction shows (regions, text lines, the chosen class). */
  shown: readonly number[];
  /** How `shown` combine (default `mean`); OCR uses `min`, the weakest line. */
  method?: ScoreAggregation;
  nearMiss?: NearMiss;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * How sure the model is that a near miss is rightly left out: 1 − score /
 * threshold. A candidate just under the threshold is a coin flip (≈ 0); one
 * far below it, or none at all, is certain (1).
 */
export function nearMissCertainty(nearMiss: NearMiss | undefined): number {
  if (!nearMiss || !(nearMiss.threshold > 0) || !Number.isFinite(nearMiss.score)) return 1;
  return clamp01(1 - nearMiss.score / nearMiss.threshold);
}

/** The task score: min(combined shown confidences, near-miss certainty); 1 when both are absent. */
export function predictionScore(evidence: ScoreEvidence): number {
  const shown = aggregateTaskScore(evidence.shown, evidence.method) ?? 1;
  return Math.min(shown, nearMissCertainty(evidence.nearMiss));
}

/** Of two near misses (either may be absent), the one closer to its threshold. */
export function closestNearMiss(
  a: NearMiss | undefined,
  b: NearMiss | undefined,
): NearMiss | undefined {
  if (!a) return b;
  if (!b) return a;
  return nearMissCertainty(b) < nearMissCertainty(a) ? b : a;
}
