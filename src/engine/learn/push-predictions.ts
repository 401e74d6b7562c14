// What the watch pushes for a version: its head's predictions for the tasks
// still unlabelled (an image head through ImageHeads, a text head through the
// shared predictor), and each task left out, named with the cause, so the
// rest goes on and the status says which ones did not.
import { learnsImages } from '../../core/annotations/learns-images';
import type { LabelingConfig } from '../../core/config/types';
import type { PushItem } from '../../core/ls-client';
import type { LsTask } from '../../core/tasks/types';
import { headPredictor, openHeadFile } from './head-predictor';
import type { ImageHeads, ImageOf } from './image-heads';
import type { LearnVersion } from './types';

export interface PushPredictions {
  modelVersion: string;
  items: PushItem[];
  /** `task #7: …` for each task not predicted. */
  problems: string[];
}

const taskName = (task: LsTask, index: number) =>
  typeof task.id === 'number' ? `task #${task.id}` : `task ${index + 1}`;

export async function predictForPush(
  images: ImageHeads,
  stored: LearnVersion & { fileText: string },
  config: LabelingConfig,
  todo: readonly LsTask[],
  imageOf: ImageOf,
): Promise<PushPredictions> {
  const items: PushItem[] = [];
  const problems: string[] = [];
  if (learnsImages(config, stored.control || undefined)) {
    // An image that cannot be fetched or decoded leaves its task out, named.
    const predicted = await images.predict(stored, config, todo, imageOf);
    predicted.results.forEach((r, k) => {
      if ('prediction' in r) items.push({ task: todo[k] as LsTask, prediction: r.prediction });
      else problems.push(r.error);
    });
    return { modelVersion: predicted.modelVersion, items, problems };
  }
  const model = await openHeadFile(stored.fileName, stored.fileText);
  const predictor = await headPredictor(model, config, stored.control || undefined);
  for (const [index, task] of todo.entries()) {
    try {
      const { prediction, issues } = await predictor.predict(task, index);
      if (issues.length === 0) items.push({ task, prediction });
      else problems.push(`${taskName(task, index)}: ${issues.map((i) => i.message).join('; ')}`);
    } catch (error) {
      // A task without text: the rest goes on.
      const message = error instanceof Error ? error.message : String(error);
      problems.push(`${taskName(task, index)}: ${message}`);
    }
  }
  return { modelVersion: predictor.modelVersion, items, problems };
}
