// Committees learnt from a project's annotated tasks: the ones `prelabel rank
// --strategy committee` and the app's "Label next" both train (the examples
// the online learner takes, bootstrapped heads, a seed). Text tasks: heads of
// the text learner; image tasks: dense heads on a backbone's pooled features
// (the image learner's), the features given by the caller.
import { examplesFromTasks, type AnnotatedExample } from '../core/annotations';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import { committeeProbabilities, trainTextCommittee } from './committee';
import { denseCommitteeProbabilities, trainDenseCommittee } from './dense-committee';

export interface TaskCommittee {
  /** Each member's class probabilities for a text. */
  of(text: string): number[][];
  /** Ids of the tasks it learnt from (already labelled: not ranked). */
  annotated: Set<string>;
  learnt: number;
  members: number;
  /** Where a task's text is (the learnt control's object). */
  dataKey: string;
}

export interface ImageTaskCommittee {
  /** Each member's class probabilities for an image's feature vector. */
  of(features: ArrayLike<number>): number[][];
  annotated: Set<string>;
  learnt: number;
  members: number;
  /** Where a task's image reference is (the learnt control's `<Image>`). */
  dataKey: string;
  /** Annotated images not learnt from (unreadable), each naming the task and the cause. */
  problems: string[];
}

/** Why no committee: no <Choices> on a <Text> (or <Image>) to learn, or fewer than 2 usable annotations. */
export interface CommitteeRefusal {
  refused: 'no-control' | 'too-few';
  cause: string;
}

/** Feature vectors of images by reference; an image that cannot be read gets its Error. */
export type ImageFeaturesOf = (
  references: readonly string[],
) => Promise<(ArrayLike<number> | Error)[]>;

const annotatedIds = (examples: readonly AnnotatedExample[]) =>
  new Set(examples.flatMap((e) => (e.taskId === undefined ? [] : [String(e.taskId)])));

export function committeeFromTasks(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: { size: number; seed: number },
): TaskCommittee | CommitteeRefusal {
  const extracted = examplesFromTasks(config, tasks);
  const { source, examples } = extracted;
  if (!source) {
    const cause = extracted.problems[0]?.message ?? 'no <Choices> on a <Text> to learn';
    return { refused: 'no-control', cause };
  }
  if (examples.length < 2) {
    const cause = `${examples.length} usable annotation(s) for <Choices name="${source.control}">`;
    return { refused: 'too-few', cause };
  }
  const committee = trainTextCommittee(examples, {
    labels: source.labels,
    multiple: source.multiple,
    size: options.size,
    seed: options.seed,
  });
  return {
    of: (text) => committeeProbabilities(committee, text),
    annotated: annotatedIds(examples),
    learnt: examples.length,
    members: committee.members.length,
    dataKey: source.dataKey,
  };
}

/**
 * The image committee: the examples the image learner takes (`<Choices>` on
 * an `<Image>`), each annotated image's features from `featuresOf`, and
 * bootstrapped dense heads on them (`trainDenseCommittee`).
 */
export async function imageCommitteeFromTasks(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  featuresOf: ImageFeaturesOf,
  options: { size: number; seed: number },
): Promise<ImageTaskCommittee | CommitteeRefusal> {
  const extracted = examplesFromTasks(config, tasks, { objectTags: ['Image'] });
  const { source } = extracted;
  if (!source) {
    const cause = extracted.problems[0]?.message ?? 'no <Choices> on an <Image> to learn';
    return { refused: 'no-control', cause };
  }
  const vectors = await featuresOf(extracted.examples.map((e) => e.text));
  const problems: string[] = [];
  const examples: AnnotatedExample[] = [];
  const features: ArrayLike<number>[] = [];
  extracted.examples.forEach((example, k) => {
    const v = vectors[k];
    if (v === undefined || v instanceof Error) {
      const why = v instanceof Error ? v.message : 'no feature vector';
      const id = example.taskId === undefined ? '' : ` (id ${example.taskId})`;
      problems.push(
        `task ${example.taskIndex + 1}${id}: image "${example.text}": ${why}; not learnt from`,
      );
      return;
    }
    examples.push(example);
    features.push(v);
  });
  if (examples.length < 2) {
    const cause = `${examples.length} usable annotated image(s) for <Choices name="${source.control}">`;
    return { refused: 'too-few', cause: problems[0] ? `${cause}; ${problems[0]}` : cause };
  }
  const committee = trainDenseCommittee(
    features,
    examples.map((e) => e.labels),
    { labels: source.labels, multiple: source.multiple, size: options.size, seed: options.seed },
  );
  return {
    of: (vector) => denseCommitteeProbabilities(committee, vector),
    annotated: annotatedIds(examples),
    learnt: examples.length,
    members: committee.members.length,
    dataKey: source.dataKey,
    problems,
  };
}
