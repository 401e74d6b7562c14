// "Label next" by committee disagreement in the worker: bootstrapped heads of
// the text learner (`trainTextCommittee`, as `prelabel rank --strategy
// committee`) learn from the examples the online learner takes from the
// tasks' annotations (`examplesFromTasks`), then every unlabelled text task
// gets their probabilities. Tasks they learnt from are left out.
import { RankInputError } from '../core/active/rank';
import { examplesFromTasks } from '../core/annotations';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import { committeeProbabilities, trainTextCommittee } from '../learn';

/** Members, as the CLI's `--committee` default. */
export const COMMITTEE_SIZE = 5;

export const COMMITTEE_REFUSAL =
  'committee needs annotated text tasks (<Choices> on a <Text>, at least 2 annotations): annotate some tasks and train in Online learning first';

export interface LabelNextCommittee {
  /** Each member's class probabilities for a text. */
  of(text: string): number[][];
  /** Ids of the tasks it learnt from (already labelled: not ranked). */
  annotated: Set<string>;
  learnt: number;
  members: number;
}

/** Throws RankInputError with why when there is nothing to learn a committee from. */
export function trainLabelNextCommittee(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: { size?: number; seed?: number } = {},
): LabelNextCommittee {
  const extracted = examplesFromTasks(config, tasks);
  const { source } = extracted;
  if (!source) {
    throw new RankInputError(
      `${COMMITTEE_REFUSAL} (${extracted.problems[0]?.message ?? 'no <Choices> on a <Text> to learn'})`,
    );
  }
  if (extracted.examples.length < 2) {
    throw new RankInputError(
      `${COMMITTEE_REFUSAL} (${extracted.examples.length} usable annotation(s) for <Choices name="${source.control}">)`,
    );
  }
  const committee = trainTextCommittee(extracted.examples, {
    labels: source.labels,
    multiple: source.multiple,
    size: options.size ?? COMMITTEE_SIZE,
    seed: options.seed ?? 0,
  });
  return {
    of: (text) => committeeProbabilities(committee, text),
    annotated: new Set(
      extracted.examples.flatMap((e) => (e.taskId === undefined ? [] : [String(e.taskId)])),
    ),
    learnt: extracted.examples.length,
    members: committee.members.length,
  };
}
