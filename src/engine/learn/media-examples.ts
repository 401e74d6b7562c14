// What a media head (image, audio) learns from: the annotations read as every
// learner reads them, each example's feature vector (or why it has none: the
// task is named and left out) and the notes the page shows. Image and audio
// heads differ only in how a reference becomes a vector.
import { examplesFromTasks, type ExampleSource } from '../../core/annotations';
import { readDataPath } from '../../core/config';
import type { LabelingConfig } from '../../core/config/types';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import { NothingToLearnError, SHOWN_PROBLEMS } from './learner';
import type { LearnPredictions, TrainNotes } from './types';

/** As the annotations' problems name a task: its place, and its id when it has one. */
export function taskName(tasks: readonly LsTask[], index: number): string {
  const id = tasks[index]?.id;
  return `task ${index + 1}${id !== undefined ? ` (id ${String(id)})` : ''}`;
}

export interface MediaRequest {
  config: LabelingConfig;
  tasks: readonly LsTask[];
  control?: string;
}

export interface MediaMedium {
  /** The object tags the `<Choices>` may label (`Image`; `Audio`, `AudioPlus`). */
  objectTags: readonly string[];
  /** The medium in messages: `image`, `audio`. */
  noun: string;
  /** A reason this learner cannot learn the control at all (audio: choice="multiple"). */
  refuse?(source: ExampleSource): string | undefined;
}

export interface MediaExamples {
  source: ExampleSource;
  features: Float32Array[];
  labels: string[][];
  notes: TrainNotes;
}

/**
 * The usable examples, each with its vector from `vectorsOf` (one per
 * reference, in order; an Error for one that cannot be read). Throws
 * NothingToLearnError, with the notes, when nothing usable is left.
 */
export async function mediaExamples(
  request: MediaRequest,
  medium: MediaMedium,
  vectorsOf: (references: string[]) => Promise<(Float32Array | Error)[]>,
): Promise<MediaExamples> {
  const { config, tasks } = request;
  const extracted = examplesFromTasks(config, tasks, {
    objectTags: medium.objectTags,
    ...(request.control ? { control: request.control } : {}),
  });
  const problems = extracted.problems.map((p) => p.message);
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  const notes = (): TrainNotes => ({
    tasks: tasks.length,
    examples: labels.length,
    skippedTasks: extracted.skippedTasks,
    unannotatedTasks: extracted.unannotatedTasks,
    conflictingTasks: extracted.conflictingTasks,
    problems: problems.slice(0, SHOWN_PROBLEMS),
    problemCount: problems.length,
  });
  const { source } = extracted;
  if (!source) throw new NothingToLearnError(problems[0] ?? 'nothing to learn', notes());
  const refused = medium.refuse?.(source);
  if (refused) throw new NothingToLearnError(refused, notes());
  const vectors = await vectorsOf(extracted.examples.map((e) => e.text));
  extracted.examples.forEach((example, k) => {
    const v = vectors[k] ?? new Error('no features');
    if (v instanceof Error) {
      problems.push(
        `${taskName(tasks, example.taskIndex)}: ${medium.noun} "${example.text}": ${v.message}; not learnt from`,
      );
    } else {
      features.push(v);
      labels.push(example.labels);
    }
  });
  if (features.length === 0) {
    throw new NothingToLearnError(
      `no usable annotated ${medium.noun} for <Choices name="${source.control}"> in ${tasks.length} task(s) yet`,
      notes(),
    );
  }
  return { source, features, labels, notes: notes() };
}

/**
 * Each task's prediction from its media reference (`data.<dataKey>`); a task
 * without one, or whose file cannot be read or predicted, gets its error and
 * the rest go on (the watch pushes these).
 */
export async function predictMediaTasks(
  tasks: readonly LsTask[],
  dataKey: string,
  noun: string,
  predictOne: (
    task: { index: number; data: LsTask['data'] },
    reference: string,
  ) => Promise<{ prediction: LsPrediction; issues: readonly { message: string }[] }>,
): Promise<LearnPredictions['results']> {
  const results: LearnPredictions['results'] = [];
  for (const [index, task] of tasks.entries()) {
    const reference = readDataPath(task.data, dataKey);
    try {
      if (typeof reference !== 'string' || reference === '') {
        throw new Error(`the task has no ${noun} under data.${dataKey}`);
      }
      const outcome = await predictOne({ index, data: task.data }, reference);
      if (outcome.issues.length > 0) {
        throw new Error(outcome.issues.map((i) => i.message).join('; '));
      }
      results.push({ prediction: outcome.prediction });
    } catch (error) {
      const named = typeof task.id === 'number' ? `task #${task.id}` : `task ${index + 1}`;
      const file = typeof reference === 'string' && reference !== '' ? ` ("${reference}")` : '';
      results.push({ error: `${named}${file}: ${(error as Error).message}` });
    }
  }
  return results;
}
