// Detected boxes of one task → one validated Label Studio prediction. The worker
// and the CLI both call this, so the browser and the command line emit the same JSON.
import type { LabelMapping } from '../mapping/auto-map';
import { boxesToResults } from '../mapping/to-results';
import type { BoxTarget, DetectedBox } from '../mapping/to-results';
import { createIdGenerator } from '../results/ids';
import { finishPrediction } from './finish';
import type { FinishedPrediction, PredictionContext } from './finish';

export interface BoxPredictionInput extends PredictionContext {
  boxes: readonly DetectedBox[];
  classNames: readonly string[];
  mapping: LabelMapping;
  target: BoxTarget;
  image: { width: number; height: number };
  /** Position of the task in the run: makes region ids unique and stable across re-exports. */
  taskIndex: number;
}

export interface BoxPrediction extends FinishedPrediction {
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
  return { ...finishPrediction(mapped.results, mapped.scores, input), unmapped: mapped.unmapped };
}
