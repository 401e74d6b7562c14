// `prelabel rank --strategy committee`: committee disagreement needs heads,
// which a predictions file does not hold, so the committee is trained here
// (`trainTextCommittee`: bootstrapped heads of the text learner) on the
// annotations of a Label Studio export, then asked about every task's text.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RankInput } from '../core/active';
import { firstDataKey, parseLabelingConfig, readDataPath } from '../core/config';
import { importTaskFile } from '../core/tasks';
import { committeeFromTasks } from '../learn';

export interface CommitteeOutcome {
  /** Annotated tasks the committee learnt from, and its size. */
  learnt: number;
  members: number;
  /** Ids of the tasks it learnt from (already labelled: not ranked). */
  annotated: Set<string>;
  problems: { task?: string; message: string }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets each input's `committee` from its task's text; tasks without text are named. */
export async function addCommittee(
  inputs: RankInput[],
  items: readonly unknown[],
  options: { config: string; annotations: string; size: number; seed: number },
): Promise<CommitteeOutcome> {
  const config = parseLabelingConfig(await readFile(options.config, 'utf8'));
  const imported = importTaskFile(
    basename(options.annotations),
    await readFile(options.annotations, 'utf8'),
    { dataKey: firstDataKey(config) },
  );
  const committee = committeeFromTasks(config, imported.tasks, {
    size: options.size,
    seed: options.seed,
  });
  if ('refused' in committee) {
    throw new Error(
      committee.refused === 'no-control'
        ? `${basename(options.config)}: ${committee.cause}`
        : `${basename(options.annotations)}: ${committee.cause}; a committee needs at least 2`,
    );
  }
  const problems: CommitteeOutcome['problems'] = [];
  const textOf = new Map<string, string>();
  items.forEach((item, index) => {
    if (!isObject(item) || !isObject(item.data)) return;
    const text = readDataPath(item.data, committee.dataKey);
    if (typeof text === 'string') textOf.set(String(item.id ?? index), text);
  });
  for (const input of inputs) {
    if (committee.annotated.has(String(input.id))) continue;
    const text = textOf.get(String(input.id));
    if (text === undefined) {
      problems.push({
        task: String(input.id),
        message: `no text in $${committee.dataKey} for the committee: ranked last`,
      });
      continue;
    }
    input.committee = committee.of(text);
  }
  const { learnt, members, annotated } = committee;
  return { learnt, members, annotated, problems };
}
