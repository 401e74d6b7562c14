// The text learner as the server uses it: which projects it serves (a
// Choices on a Text), the examples their annotations give, the trainer module
// the training worker runs, and predicting with a trained head. Every use of
// src/learn by the server is in this file.
import type { ControlTag, LabelingConfig } from '../core/config';
import { readDataPath } from '../core/config';
import type { LsTask } from '../core/tasks/types';
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
}

type Json = Record<string, unknown>;

function timeOf(a: Json): number {
  const t = Date.parse(String(a.updated_at ?? a.created_at ?? ''));
  return Number.isFinite(t) ? t : typeof a.id === 'number' ? a.id : 0;
}

/**
 * Annotated tasks → (text, labels) pairs: cancelled annotations are ignored;
 * with several, the ground truth one, else the newest.
 * TODO(learn): use examplesFromTasks from src/core/annotations once merged.
 */
export function textExamples(target: TextTarget, tasks: readonly LsTask[]): ExamplesOutcome {
  const examples: TrainExample[] = [];
  const problems: string[] = [];
  for (const task of tasks) {
    const usable = (task.annotations ?? []).filter(
      (a): a is Json => typeof a === 'object' && a !== null && (a as Json).was_cancelled !== true,
    );
    if (usable.length === 0) continue;
    const chosen =
      usable.find((a) => a.ground_truth === true) ??
      [...usable].sort((a, b) => timeOf(b) - timeOf(a))[0]!;
    const labels = (Array.isArray(chosen.result) ? (chosen.result as Json[]) : [])
      .filter((r) => r.from_name === target.fromName && r.type === 'choices')
      .flatMap((r) => ((r.value as Json | undefined)?.choices as string[] | undefined) ?? []);
    const name = `task ${task.id ?? '?'}`;
    if (labels.length === 0) continue;
    const text = readDataPath(task.data, target.dataKey);
    if (typeof text !== 'string') {
      problems.push(`${name}: data.${target.dataKey} is not text`);
      continue;
    }
    const known = labels.filter((l) => target.labels.includes(l));
    if (known.length < labels.length) {
      problems.push(
        `${name}: ${labels.filter((l) => !known.includes(l)).join(', ')} not in the config's choices`,
      );
    }
    if (known.length > 0) examples.push({ text, labels: known });
  }
  return { examples, problems };
}

/** The built-in text classifier (src/learn). TODO(learn): wire once merged. */
export const builtinTextLearner: TextLearner = {
  trainer: new URL('./training/text-trainer.ts', import.meta.url).href,
  name: 'prelabel-text',
  predict() {
    throw new Error('the built-in text learner (src/learn) is not available in this build');
  },
};
