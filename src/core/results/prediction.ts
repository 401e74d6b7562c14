// One prediction object per task per model run (fact sheet §1): the editor shows one
// prediction at a time, so regions split across several objects look like missing boxes.

import type { LsPrediction, LsResult } from './types';

/**
 * Wraps all results of one run on one task. `score` (0..1, lowest = most uncertain =
 * labeled first) is clamped into range; omitted when absent or not finite.
 */
export function makePrediction(
  result: LsResult[],
  modelVersion: string,
  score?: number,
): LsPrediction {
  if (!modelVersion) throw new Error('model_version must be a non-empty string');
  const prediction: LsPrediction = { model_version: modelVersion, result: [...result] };
  if (score !== undefined && Number.isFinite(score)) {
    prediction.score = Math.min(1, Math.max(0, score));
  }
  return prediction;
}
