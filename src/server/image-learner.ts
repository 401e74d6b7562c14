// The image learner of `prelabel serve --backbone`: which projects it serves
// (a <Choices> on an <Image>), the examples their annotations give (the
// image references, trained on in the worker by image-trainer.ts), and the
// version names. Predictions open the stored head.json as `prelabel predict
// --model head.json --backbone` does (backend.ts, model-adapter.ts).
import type { LabelingConfig } from '../core/config';
import { examplesFromTasks } from '../core/annotations';
import type { LsTask } from '../core/tasks/types';
import type { TrainExample } from './training/trainer-types';

export const IMAGE_LEARNER_NAME = 'prelabel-image';
export const IMAGE_TRAINER = new URL('./training/image-trainer.ts', import.meta.url).href;

export interface ImageTarget {
  fromName: string;
  toName: string;
  dataKey: string;
  labels: string[];
  multiple: boolean;
}

/** The first Choices whose object is an Image with a data key. */
export function imageTargetOf(config: LabelingConfig): ImageTarget | undefined {
  for (const control of config.controls) {
    if (control.tag !== 'Choices') continue;
    for (const name of control.toName) {
      const object = config.objects.find((o) => o.name === name);
      if (object?.tag !== 'Image' || !object.dataKey) continue;
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
 * Annotated tasks (`keys[i]` names `tasks[i]`) → (image reference, labels)
 * pairs: cancelled annotations are ignored; with several, the ground truth
 * one, else the newest (src/core/annotations, as `prelabel train`).
 */
export function imageExamples(
  config: LabelingConfig,
  target: ImageTarget,
  tasks: readonly LsTask[],
  keys: readonly string[],
): { examples: TrainExample[]; problems: string[] } {
  const extracted = examplesFromTasks(config, tasks, {
    objectTags: ['Image'],
    control: target.fromName,
  });
  return {
    examples: extracted.examples.map((e) => ({
      text: e.text,
      labels: e.labels,
      task: keys[e.taskIndex] ?? String(e.taskIndex + 1),
    })),
    problems: extracted.problems.map((p) => p.message),
  };
}
