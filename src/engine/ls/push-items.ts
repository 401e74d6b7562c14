// The engine's tasks and predictions → what a push sends. Tasks with a Label
// Studio id get their prediction attached; tasks made from dropped files are
// uploaded (file → task → prediction); other tasks without an id are imported
// with their prediction.

import type { PushItem } from '../../core/ls-client';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';

export interface LocalMedia {
  name: string;
  blob: Blob;
}

export interface PushItemsFrom {
  items: PushItem[];
  /** Engine task index of each item (items[i] is task taskIndex[i]). */
  taskIndex: number[];
  /** Tasks without a prediction (not run, or failed): nothing to push for them. */
  withoutPrediction: number;
}

export function pushItemsFrom(
  tasks: readonly LsTask[],
  predictions: readonly (LsPrediction | undefined)[],
  mediaFor?: (task: LsTask) => LocalMedia | undefined,
): PushItemsFrom {
  const items: PushItem[] = [];
  const taskIndex: number[] = [];
  let withoutPrediction = 0;
  tasks.forEach((task, index) => {
    const prediction = predictions[index];
    if (!prediction) {
      withoutPrediction++;
      return;
    }
    const item: PushItem = { task, prediction };
    if (task.id === undefined) {
      const media = mediaFor?.(task);
      if (media) item.media = media;
    }
    items.push(item);
    taskIndex.push(index);
  });
  return { items, taskIndex, withoutPrediction };
}
