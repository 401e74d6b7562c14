// The last step every model family shares: results → one prediction with a task
// score, validated against the config before anyone exports or pushes it.
import type { LabelingConfig } from '../config/types';
import { aggregateTaskScore } from '../export/score';
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
    aggregateTaskScore(scores, context.scoreMethod),
  );
  const issues = validatePrediction(
    prediction,
    context.config,
    context.taskData ? { taskData: context.taskData } : {},
  );
  return { prediction, issues };
}
