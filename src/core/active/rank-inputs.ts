// A predictions file (tasks with predictions, or predictions only) → what
// rankTasks needs: the task id and its prediction's score and cluster.
import type { RankInput } from './rank';

export interface RankInputsProblem {
  item: number;
  message: string;
}

interface PredictionLike {
  score?: unknown;
  cluster?: unknown;
  model_version?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The prediction of a task to rank by: the given model_version's, else the last. */
function pickPrediction(
  predictions: readonly unknown[],
  modelVersion: string | undefined,
): PredictionLike | undefined {
  const objects = predictions.filter(isObject) as PredictionLike[];
  if (modelVersion !== undefined) return objects.findLast((p) => p.model_version === modelVersion);
  return objects[objects.length - 1];
}

function toInput(id: string | number, prediction: PredictionLike | undefined): RankInput {
  const input: RankInput = { id };
  if (typeof prediction?.score === 'number' && Number.isFinite(prediction.score)) {
    input.score = prediction.score;
  }
  if (typeof prediction?.cluster === 'number') input.cluster = prediction.cluster;
  return input;
}

export function rankInputsFromPredictions(
  items: readonly unknown[],
  modelVersion?: string,
): { inputs: RankInput[]; problems: RankInputsProblem[] } {
  const inputs: RankInput[] = [];
  const problems: RankInputsProblem[] = [];
  items.forEach((item, index) => {
    if (!isObject(item)) {
      problems.push({ item: index + 1, message: 'not an object' });
      return;
    }
    // Predictions only: {task, result, score}; tasks: {id, data, predictions}.
    if ('task' in item && 'result' in item) {
      const task = item.task;
      if (typeof task !== 'number' && typeof task !== 'string') {
        problems.push({ item: index + 1, message: '"task" is not a task id' });
        return;
      }
      if (modelVersion !== undefined && item.model_version !== modelVersion) return;
      inputs.push(toInput(task, item as PredictionLike));
      return;
    }
    const id = typeof item.id === 'number' || typeof item.id === 'string' ? item.id : index;
    const predictions = Array.isArray(item.predictions) ? item.predictions : [];
    inputs.push(toInput(id, pickPrediction(predictions, modelVersion)));
  });
  return { inputs, problems };
}
