// The task-level `score` of a prediction, from its regions' scores. Label
// Studio sorts and samples by it LOWEST FIRST (lowest = most uncertain =
// labeled first), so every method returns a number in 0..1 where lower means
// "look at this task sooner".

export type ScoreAggregation = 'mean' | 'min' | 'max' | 'uncertainty-margin';

export const SCORE_AGGREGATIONS: readonly ScoreAggregation[] = [
  'mean',
  'min',
  'max',
  'uncertainty-margin',
];

/**
 * - `mean` (default): average confidence of the regions.
 * - `min`: the least confident region decides: one doubtful box puts the
 *   task first.
 * - `max`: the most confident region decides.
 * - `uncertainty-margin`: per region |2s - 1|, the distance from the 0.5
 *   decision boundary (0 = a coin flip, 1 = certain either way); the task
 *   gets the smallest. Unlike `min`, a confidently-low region (s = 0.05) does
 *   not count as uncertain.
 *
 * Non-finite scores are ignored; the others are clamped to 0..1.
 *
 * Returns undefined when there are no scores (e.g. nothing detected). The
 * predictor's task score (core/active/prediction-score.ts) then scores the
 * task by its near misses, so no prediction goes without one: Label Studio
 * would store null, and where null falls when sorting by score depends on
 * its database (PostgreSQL puts NULL after every score in ascending order,
 * SQLite before).
 */
export function aggregateTaskScore(
  scores: readonly number[],
  method: ScoreAggregation = 'mean',
): number | undefined {
  const s = scores.filter(Number.isFinite).map((v) => Math.min(1, Math.max(0, v)));
  if (s.length === 0) return undefined;
  switch (method) {
    case 'mean':
      return s.reduce((a, b) => a + b, 0) / s.length;
    // reduce, not Math.min(...s): spreading a huge list overflows the stack.
    case 'min':
      return s.reduce((a, b) => Math.min(a, b));
    case 'max':
      return s.reduce((a, b) => Math.max(a, b));
    case 'uncertainty-margin':
      return s.reduce((a, v) => Math.min(a, Math.abs(2 * v - 1)), 1);
  }
}
