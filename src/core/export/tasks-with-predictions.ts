// Format (a): Label Studio import JSON. The original tasks with every field
// kept, our prediction appended after any predictions they already had.

import { streamJsonList } from './json-list';
import { withMediaPrefix } from './media-prefix';
import type { ExportItems, ExportOptions, ExportStream } from './types';

export function exportTasksWithPredictions(
  items: ExportItems,
  options?: ExportOptions,
): ExportStream {
  return streamJsonList(
    items,
    ({ task, prediction }) => ({
      record: {
        ...withMediaPrefix(task, options?.mediaPrefix),
        // A non-list `predictions` is not something Label Studio can import; it is replaced.
        predictions: [...(Array.isArray(task.predictions) ? task.predictions : []), prediction],
      },
    }),
    options,
  );
}
