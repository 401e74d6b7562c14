// Read text lines of one task → one validated OCR prediction.
import type { ReadLine } from '../mapping/ocr-to-results';
import { linesToResults } from '../mapping/ocr-to-results';
import type { OcrTarget } from '../mapping/ocr-target';
import { createIdGenerator } from '../results/ids';
import { finishPrediction } from './finish';
import type { FinishedPrediction, PredictionContext } from './finish';

export interface OcrPredictionInput extends PredictionContext {
  lines: readonly ReadLine[];
  target: OcrTarget;
  image: { width: number; height: number };
  taskIndex: number;
}

export function buildOcrPrediction(input: OcrPredictionInput): FinishedPrediction {
  const { results, scores } = linesToResults(
    input.lines,
    input.target,
    input.image,
    createIdGenerator(`t${input.taskIndex.toString(36)}`),
  );
  // The task is as uncertain as its weakest line, whatever the run's aggregation.
  return finishPrediction(results, scores, { ...input, scoreMethod: 'min' });
}
