// Format (b): predictions for tasks that already exist in Label Studio, for
// POST /api/projects/{id}/import/predictions (fact sheet §8):
// [{"task": <id>, "result": [...], "score": …, "model_version": "…"}].

import { streamJsonList } from './json-list';
import type { ExportItems, ExportOptions, ExportStream } from './types';

/**
 * Thrown at the end of a predictions-only export in which no task had a
 * Label Studio id: the `[]` it would write attaches nothing.
 */
export class NoTaskIdsError extends Error {
  constructor(readonly skipped: number) {
    super(
      `${skipped === 1 ? 'the task has no' : `none of the ${skipped} tasks has a`} Label Studio task id, ` +
        'and a predictions-only file attaches predictions to existing tasks by id. ' +
        'Take the tasks from a Label Studio export or a connected project (they carry ids), ' +
        'or export tasks with predictions to import the tasks and their predictions together.',
    );
    this.name = 'NoTaskIdsError';
  }
}

export async function* exportPredictionsOnly(
  items: ExportItems,
  options?: ExportOptions,
): ExportStream {
  const summary = yield* byId(items, options);
  if (summary.written === 0 && summary.skipped.length > 0) {
    throw new NoTaskIdsError(summary.skipped.length);
  }
  return summary;
}

function byId(items: ExportItems, options?: ExportOptions): ExportStream {
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
