// A text committee learnt from a project's annotated tasks: the one
// `prelabel rank --strategy committee` and the app's "Label next" both train
// (the examples the online learner takes, bootstrapped heads, a seed).
import { examplesFromTasks } from '../core/annotations';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import { committeeProbabilities, trainTextCommittee } from './committee';

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

/** Why no committee: no <Choices> on a <Text> to learn, or fewer than 2 usable annotations. */
export interface CommitteeRefusal {
  refused: 'no-control' | 'too-few';
  cause: string;
}

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
    annotated: new Set(examples.flatMap((e) => (e.taskId === undefined ? [] : [String(e.taskId)]))),
    learnt: examples.length,
    members: committee.members.length,
    dataKey: source.dataKey,
  };
}
