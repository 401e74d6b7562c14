// Format (c): auto-labeling. Tasks with our result appended as an ANNOTATION.
//
// Decisions:
// - Result items are kept verbatim, ids and per-region `score` included:
//   Label Studio stores annotation results as given and the editor shows a
//   region's score, which helps reviewers find weak boxes.
// - Prediction-level `model_version` and `score` are dropped: an annotation
//   has no such fields (its author is the importing user).
// - `was_cancelled: false, ground_truth: false` as in Label Studio's own
//   task format; existing annotations and predictions are kept.

import { streamJsonList } from './json-list';
import { withMediaPrefix } from './media-prefix';
import type { ExportItems, ExportOptions, ExportStream } from './types';

export function exportAsAnnotations(items: ExportItems, options?: ExportOptions): ExportStream {
  return streamJsonList(
    items,
    ({ task, prediction }) => ({
      record: {
        ...withMediaPrefix(task, options?.mediaPrefix),
        annotations: [
          ...(Array.isArray(task.annotations) ? task.annotations : []),
          { result: prediction.result, was_cancelled: false, ground_truth: false },
        ],
      },
    }),
    options,
  );
}
