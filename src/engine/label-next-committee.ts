// "Label next" by committee disagreement in the worker: bootstrapped heads of
// the text learner (`trainTextCommittee`, as `prelabel rank --strategy
// committee`) learn from the examples the online learner takes from the
// tasks' annotations (`examplesFromTasks`), then every unlabelled text task
// gets their probabilities. Tasks they learnt from are left out.
import { RankInputError } from '../core/active/rank';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import { committeeFromTasks, type TaskCommittee } from '../learn';

/** Members, as the CLI's `--committee` default. */
export const COMMITTEE_SIZE = 5;

export const COMMITTEE_REFUSAL =
  'committee needs annotated text tasks (<Choices> on a <Text>, at least 2 annotations): annotate some tasks and train in Online learning first';

export type LabelNextCommittee = TaskCommittee;

/** Throws RankInputError with why when there is nothing to learn a committee from. */
export function trainLabelNextCommittee(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: { size?: number; seed?: number } = {},
): LabelNextCommittee {
  const committee = committeeFromTasks(config, tasks, {
    size: options.size ?? COMMITTEE_SIZE,
    seed: options.seed ?? 0,
  });
  if ('refused' in committee) throw new RankInputError(`${COMMITTEE_REFUSAL} (${committee.cause})`);
  return committee;
}
