// The media learners of `prelabel serve`: which projects they serve (a
// <Choices> on an <Image> with --backbone; a <Choices> on an <Audio>), the
// examples their annotations give (the tasks' media references, fetched and
// trained on in the worker by training/image-trainer.ts and audio-trainer.ts),
// and the version names. Predictions open the stored head as `prelabel
// predict --model` does (backend.ts, model-adapter.ts).
import type { LabelingConfig } from '../core/config';
import { examplesFromTasks } from '../core/annotations';
import type { LsTask } from '../core/tasks/types';
import type { ExamplesOutcome } from './learner-adapter';

export type MediaKind = 'image' | 'audio';

export interface MediaLearner {
  /** Learner name in model_version (`<name>.v<n>-<count>ann`). */
  name: string;
  /** URL of the trainer module the worker runs. */
  trainer: string;
  /** The object tags its <Choices> label. */
  objects: readonly string[];
}

export const MEDIA_LEARNERS: Record<MediaKind, MediaLearner> = {
  image: {
    name: 'prelabel-image',
    trainer: new URL('./training/image-trainer.ts', import.meta.url).href,
    objects: ['Image'],
  },
  audio: {
    name: 'prelabel-audio',
    trainer: new URL('./training/audio-trainer.ts', import.meta.url).href,
    objects: ['Audio', 'AudioPlus'],
  },
};

export interface MediaTarget {
  fromName: string;
  toName: string;
  dataKey: string;
  labels: string[];
  multiple: boolean;
}

/** The first Choices whose object is one of the learner's tags with a data key. */
export function mediaTargetOf(config: LabelingConfig, kind: MediaKind): MediaTarget | undefined {
  const tags = MEDIA_LEARNERS[kind].objects;
  for (const control of config.controls) {
    if (control.tag !== 'Choices') continue;
    for (const name of control.toName) {
      const object = config.objects.find((o) => o.name === name);
      if (!object || !tags.includes(object.tag) || !object.dataKey) continue;
      return {
        fromName: control.name,
        toName: object.name,
        dataKey: object.dataKey,
        labels: control.labels.map((l) => l.name),
        multiple: control.multiple,
      };
    }
  }
  return undefined;
}

/**
 * Annotated tasks (`keys[i]` names `tasks[i]`) → (media reference, labels)
 * pairs: cancelled annotations are ignored; with several, the ground truth
 * one, else the newest (src/core/annotations, as `prelabel train`).
 */
export function mediaExamples(
  config: LabelingConfig,
  kind: MediaKind,
  target: MediaTarget,
  tasks: readonly LsTask[],
  keys: readonly string[],
): ExamplesOutcome {
  const extracted = examplesFromTasks(config, tasks, {
    objectTags: [...MEDIA_LEARNERS[kind].objects],
    control: target.fromName,
  });
  return {
    examples: extracted.examples.map((e) => ({
      text: e.text,
      labels: e.labels,
      task: keys[e.taskIndex] ?? String(e.taskIndex + 1),
    })),
    problems: extracted.problems.map((p) => p.message),
    cancelled: extracted.skippedTasks,
  };
}
