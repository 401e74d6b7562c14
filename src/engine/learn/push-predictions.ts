// What the watch pushes for a version: its head's predictions for the tasks
// still unlabelled (an image head through ImageHeads, an audio head through
// AudioHeads, a text head through the shared predictor), and each task left out, named with the cause, so the
// rest goes on and the status says which ones did not.
import { learnsImages } from '../../core/annotations/learns-images';
import type { LabelingConfig } from '../../core/config/types';
import type { PushItem } from '../../core/ls-client';
import type { LsTask } from '../../core/tasks/types';
import type { AudioHeads, AudioOf } from './audio-heads';
import { headPredictor, openHeadFile } from './head-predictor';
import type { ImageHeads, ImageOf } from './image-heads';
import type { LearnPredictions } from './types';
import type { StoredVersion } from './version-store';

export interface PushPredictions {
  modelVersion: string;
  items: PushItem[];
  /** `task #7: …` for each task not predicted. */
  problems: string[];
}

const taskName = (task: LsTask, index: number) =>
  typeof task.id === 'number' ? `task #${task.id}` : `task ${index + 1}`;

/** How the push reads the tasks' media and runs image and audio heads. */
export interface PushMedia {
  images: ImageHeads;
  imageOf: ImageOf;
  audio: AudioHeads;
  audioOf: AudioOf;
}

export async function predictForPush(
  media: PushMedia,
  stored: StoredVersion,
  config: LabelingConfig,
  todo: readonly LsTask[],
): Promise<PushPredictions> {
  const items: PushItem[] = [];
  const problems: string[] = [];
  // A clip or image that cannot be fetched or decoded leaves its task out, named.
  const split = (predicted: LearnPredictions): PushPredictions => {
    predicted.results.forEach((r, k) => {
      if ('prediction' in r) items.push({ task: todo[k] as LsTask, prediction: r.prediction });
      else problems.push(r.error);
    });
    return { modelVersion: predicted.modelVersion, items, problems };
  };
  if (stored.audioFolder) {
    return split(await media.audio.predict(stored, config, todo, media.audioOf));
  }
  if (learnsImages(config, stored.control || undefined)) {
    return split(await media.images.predict(stored, config, todo, media.imageOf));
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
