// The last step every model family shares: results → one prediction with a task
// score (core/active/prediction-score.ts: always present, lower = less certain),
// validated against the config before anyone exports or pushes it.
import type { LabelingConfig } from '../config/types';
import { predictionScore, type NearMiss } from '../active/prediction-score';
import type { ScoreAggregation } from '../export/score';
import { makePrediction } from '../results/prediction';
import type { LsPrediction, LsResult } from '../results/types';
import { validatePrediction } from '../validate';
import type { ValidationIssue } from '../validate';

export interface PredictionContext {
  modelVersion: string;
  config: LabelingConfig;
  taskData?: Record<string, unknown>;
  scoreMethod?: ScoreAggregation;
  /** The best candidate the thresholds dropped (from the run's raw candidates). */
  nearMiss?: NearMiss;
}

export interface FinishedPrediction {
  prediction: LsPrediction;
  issues: ValidationIssue[];
}

export function finishPrediction(
  results: LsResult[],
  scores: readonly number[],
  context: PredictionContext,
): FinishedPrediction {
  const prediction = makePrediction(
    results,
    context.modelVersion,
    predictionScore({
      shown: scores,
      ...(context.scoreMethod ? { method: context.scoreMethod } : {}),
      ...(context.nearMiss ? { nearMiss: context.nearMiss } : {}),
    }),
  );
  const issues = validatePrediction(
    prediction,
    context.config,
    context.taskData ? { taskData: context.taskData } : {},
  );
  return { prediction, issues };
}
