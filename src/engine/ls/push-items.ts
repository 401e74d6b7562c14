// The engine's tasks and predictions → what a push sends. Tasks with a Label
// Studio id get their prediction attached; tasks made from dropped files are
// uploaded (file → task → prediction); other tasks without an id are imported
// with their prediction. Predictions are read as the push goes (a journalled
// run's from IndexedDB page by page), so a push of 100,000 tasks never holds
// them all.

import type { PushItem } from '../../core/ls-client';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import type { PredictionEntry } from '../prediction-store';

export interface LocalMedia {
  name: string;
  blob: Blob;
}

/** A push's items, readable more than once (a retry reads the failed ones again). */
export interface PushSource {
  /** How many items `items()` gives. */
  total: number;
  /** In push order: an item's position is its index in the push report. */
  items(): AsyncIterable<PushItem>;
  /** The items at these positions of the last `items()` pass, in order; a position with no prediction any more is left out. */
  itemsAt(positions: readonly number[]): AsyncIterable<readonly [position: number, item: PushItem]>;
}

export function arrayPushSource(items: readonly PushItem[]): PushSource {
  return {
    total: items.length,
    async *items() {
      yield* items;
    },
    async *itemsAt(positions) {
      for (const position of positions) {
        const item = items[position];
        if (item) yield [position, item] as const;
      }
    },
  };
}

export interface EnginePredictions {
  /** Done tasks' predictions in index order. */
  entries(): AsyncIterable<PredictionEntry>;
  get(index: number): Promise<LsPrediction | undefined>;
  /** How many tasks have a prediction. */
  count: number;
}

/** `tasks` is kept as given: a retry after new tasks were dropped still means the pushed ones. */
export function enginePushSource(
  tasks: readonly LsTask[],
  predictions: EnginePredictions,
  mediaFor?: (task: LsTask) => LocalMedia | undefined,
): PushSource {
  /** Engine task index of each position of the last pass. */
  const taskIndex: number[] = [];
  const itemOf = (index: number, prediction: LsPrediction): PushItem | undefined => {
    const task = tasks[index];
    if (!task) return undefined;
    const item: PushItem = { task, prediction };
    if (task.id === undefined) {
      const media = mediaFor?.(task);
      if (media) item.media = media;
    }
    return item;
  };
  return {
    total: predictions.count,
    async *items() {
      taskIndex.length = 0;
      for await (const [index, prediction] of predictions.entries()) {
        const item = itemOf(index, prediction);
        if (!item) continue;
        taskIndex.push(index);
        yield item;
      }
    },
    async *itemsAt(positions) {
      for (const position of positions) {
        const index = taskIndex[position];
        if (index === undefined) continue;
        const prediction = await predictions.get(index);
        const item = prediction && itemOf(index, prediction);
        if (item) yield [position, item] as const;
      }
    },
  };
}
