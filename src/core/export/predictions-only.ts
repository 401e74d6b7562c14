// Format (b): predictions for tasks that already exist in Label Studio, for
// POST /api/projects/{id}/import/predictions (fact sheet §8):
// [{"task": <id>, "result": [...], "score": …, "model_version": "…"}].

import { streamJsonList } from './json-list';
import type { ExportItems, ExportOptions, ExportStream } from './types';

export function exportPredictionsOnly(items: ExportItems, options?: ExportOptions): ExportStream {
  return streamJsonList(
    items,
    ({ task, prediction }) => {
      const id: unknown = task.id;
      if (id === undefined)
        return {
          skip:
            'task has no id: predictions-only export attaches to existing Label Studio tasks by id; ' +
            'export it with "tasks with predictions" instead',
        };
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
        return {
          skip: `task id ${JSON.stringify(id)} is not a Label Studio task id (a positive integer)`,
        };
      return {
        record: {
          task: id,
          result: prediction.result,
          score: prediction.score,
          model_version: prediction.model_version,
        },
      };
    },
    options,
  );
}
