// Detected boxes of one task → one validated Label Studio prediction. The worker
// and the CLI both call this, so the browser and the command line emit the same JSON.
import type { LabelingConfig } from '../config/types';
import { aggregateTaskScore } from '../export/score';
import type { ScoreAggregation } from '../export/score';
import type { LabelMapping } from '../mapping/auto-map';
import { boxesToResults } from '../mapping/to-results';
import type { BoxTarget, DetectedBox } from '../mapping/to-results';
import { createIdGenerator } from '../results/ids';
import { makePrediction } from '../results/prediction';
import type { LsPrediction } from '../results/types';
import { validatePrediction } from '../validate';
import type { ValidationIssue } from '../validate';

export interface BoxPredictionInput {
  boxes: readonly DetectedBox[];
  classNames: readonly string[];
  mapping: LabelMapping;
  target: BoxTarget;
  image: { width: number; height: number };
  /** Position of the task in the run: makes region ids unique and stable across re-exports. */
  taskIndex: number;
  modelVersion: string;
  config: LabelingConfig;
  taskData?: Record<string, unknown>;
  scoreMethod?: ScoreAggregation;
}

export interface BoxPrediction {
  prediction: LsPrediction;
  issues: ValidationIssue[];
  unmapped: Record<string, number>;
}

export function buildBoxPrediction(input: BoxPredictionInput): BoxPrediction {
  const mapped = boxesToResults(
    input.boxes,
    input.classNames,
    input.mapping,
    input.target,
    input.image,
    createIdGenerator(`t${input.taskIndex.toString(36)}`),
  );
  const prediction = makePrediction(
    mapped.results,
    input.modelVersion,
    aggregateTaskScore(mapped.scores, input.scoreMethod),
  );
  const issues = validatePrediction(
    prediction,
    input.config,
    input.taskData ? { taskData: input.taskData } : {},
  );
  return { prediction, issues, unmapped: mapped.unmapped };
}
