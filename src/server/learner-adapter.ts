// The text learner as the server uses it: which projects it serves (a
// Choices on a Text), the examples their annotations give, the trainer module
// the training worker runs, and predicting with a trained head. Every use of
// src/learn by the server is in this file.
import type { ControlTag, LabelingConfig } from '../core/config';
import type { LsTask } from '../core/tasks/types';
import { choicesFromProbabilities, examplesFromTasks, predictText, type TextHead } from '../learn';
import type { TrainExample } from './training/trainer-types';

export interface TextTarget {
  fromName: string;
  toName: string;
  dataKey: string;
  labels: string[];
  multiple: boolean;
}

/** The first Choices whose object is a Text with a data key: the project the text learner serves. */
export function textTargetOf(config: LabelingConfig): TextTarget | undefined {
  for (const control of config.controls) {
    if (control.tag !== 'Choices') continue;
    const object = config.objects.find((o) => o.name === control.toName[0]);
    if (object?.tag !== 'Text' || !object.dataKey) continue;
    return {
      fromName: control.name,
      toName: object.name,
      dataKey: object.dataKey,
      labels: labelsOf(control),
      multiple: control.multiple,
    };
  }
  return undefined;
}

function labelsOf(control: ControlTag): string[] {
  return control.labels.map((l) => l.name);
}

/** A head's answer for one text, as Label Studio results. */
export interface TextAnswer {
  /** One `choices` result, or none (nothing chosen). */
  result: unknown[];
  /** Single choice: the chosen label's probability; multiple: the least certain decision. */
  score: number;
}

/** What the server needs of a learner; tests plug in a small fake one. */
export interface TextLearner {
  /** URL of the module the training worker imports (it exports `train`). */
  trainer: string;
  /** Learner name in model_version (`<name>.v<n>-<count>ann`). */
  name: string;
  predict(head: unknown, text: string, target: TextTarget): TextAnswer;
}

export interface ExamplesOutcome {
  examples: TrainExample[];
  problems: string[];
  /** Tasks whose every annotation was cancelled (ignored). */
  cancelled: number;
}

/**
 * Annotated tasks → (text, labels) pairs (src/core/annotations): cancelled
 * annotations are ignored; with several, the ground truth one, else the newest.
 */
export function textExamples(
  config: LabelingConfig,
  target: TextTarget,
  tasks: readonly LsTask[],
): ExamplesOutcome {
  const extracted = examplesFromTasks(config, tasks, { control: target.fromName });
  return {
    examples: extracted.examples.map(({ text, labels }) => ({ text, labels })),
    problems: extracted.problems.map((p) => p.message),
    cancelled: extracted.skippedTasks,
  };
}

/** The built-in text classifier (src/learn): hashed TF-IDF + logistic regression. */
export const builtinTextLearner: TextLearner = {
  trainer: new URL('./training/text-trainer.ts', import.meta.url).href,
  name: 'prelabel-text',
  predict(head, text, target) {
    const { result, score } = choicesFromProbabilities(
      predictText(head as TextHead, text),
      target.multiple,
      { fromName: target.fromName, toName: target.toName },
    );
    return { result: result ? [result] : [], score };
  },
};
