// The engine's tasks and predictions → what a push sends. Tasks with a Label
// Studio id get their prediction attached; tasks made from dropped files are
// uploaded (file → task → prediction); other tasks without an id are imported
// with their prediction.

import type { PushItem } from '../../core/ls-client';
import type { LsTask } from '../../core/tasks/types';
import type { PredictionEntry } from '../prediction-store';

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

/**
 * `predictions`: done tasks' predictions in index order. The push needs them
 * all at once (the client plans the whole push), so they are gathered here.
 */
export async function pushItemsFrom(
  tasks: readonly LsTask[],
  predictions: Iterable<PredictionEntry> | AsyncIterable<PredictionEntry>,
  mediaFor?: (task: LsTask) => LocalMedia | undefined,
): Promise<PushItemsFrom> {
  const items: PushItem[] = [];
  const taskIndex: number[] = [];
  for await (const [index, prediction] of predictions) {
    const task = tasks[index];
    if (!task) continue;
    const item: PushItem = { task, prediction };
    if (task.id === undefined) {
      const media = mediaFor?.(task);
      if (media) item.media = media;
    }
    items.push(item);
    taskIndex.push(index);
  }
  return { items, taskIndex, withoutPrediction: tasks.length - items.length };
}
