// The worker's side of "Label next": what each kept prediction's raw form said
// about its classes (noted as the run goes, since the raw form is dropped
// once journalled), and the ranking over every prediction held, with feature
// vectors made on demand: a classifier's kept class probabilities, or, for
// text tasks, TF-IDF of their words fitted on a sample of the tasks' texts;
// committee disagreement from heads trained on the tasks' annotations.
import {
  BATCH_STRATEGIES,
  labelNextWithClusters,
  type CandidateFeatures,
  type LabelNextOptions,
  type LabelNextResult,
  type NextCandidate,
} from '../core/active/label-next';
import { RankInputError } from '../core/active/rank';
import type { Vector } from '../core/active/vectors';
import type { LsPrediction } from '../core/results/types';
import { fitTextVectoriser } from '../learn/text-vectoriser';
import { classEvidence, type ClassEvidence } from '../models/predictor/class-evidence';
import { COMMITTEE_REFUSAL, type LabelNextCommittee } from './label-next-committee';

/** Per task index: the class evidence of its current prediction. */
export class RankEvidence {
  private byTask = new Map<number, ClassEvidence>();

  note(index: number, raw: unknown, classCount: number): void {
    const evidence = classEvidence(raw, classCount);
    if (evidence) this.byTask.set(index, evidence);
    else this.byTask.delete(index);
  }

  forget(index: number): void {
    this.byTask.delete(index);
  }

  reset(): void {
    this.byTask.clear();
  }

  get(index: number): ClassEvidence | undefined {
    return this.byTask.get(index);
  }
}

export interface LabelNextSource {
  /** Every prediction held, in task order (a journalled run's read back page by page). */
  entries(): AsyncIterable<readonly [number, LsPrediction]>;
  taskId(index: number): string | number | undefined;
  name(index: number): string;
  evidence: RankEvidence;
  /** The text a text task shows (undefined: not a text task, or no text). */
  textOf?(index: number): string | undefined;
  /** The committee, trained on demand from the annotations (text tasks only). */
  committee?(): Promise<LabelNextCommittee>;
}

/** Texts the vectoriser's idf is fitted on (a spread sample; every text is still vectorised). */
const TEXT_SAMPLE = 5000;

function textFeatures(
  candidates: readonly NextCandidate[],
  textOf: (index: number) => string | undefined,
): CandidateFeatures | undefined {
  const step = Math.max(1, Math.floor(candidates.length / TEXT_SAMPLE));
  const sample: string[] = [];
  for (let i = 0; i < candidates.length; i += step) {
    const text = textOf(candidates[i]!.index);
    if (text) sample.push(text);
  }
  if (sample.length === 0) return undefined;
  const vectoriser = fitTextVectoriser(sample);
  return {
    describe: `TF-IDF of the texts' words (${vectoriser.columns} terms)`,
    of(i) {
      const text = textOf(candidates[i]!.index);
      const v = text === undefined ? undefined : vectoriser.vector(text);
      return v && v.indices.length > 0 ? v : undefined;
    },
  };
}

function classFeatures(
  candidates: readonly NextCandidate[],
  evidence: RankEvidence,
): CandidateFeatures | undefined {
  if (!candidates.some((c) => evidence.get(c.index))) return undefined;
  return {
    describe: "the model's class probabilities",
    of: (i): Vector | undefined => evidence.get(candidates[i]!.index)?.vector,
  };
}

export async function rankLabelNext(
  source: LabelNextSource,
  options: LabelNextOptions,
): Promise<LabelNextResult> {
  let committee: LabelNextCommittee | undefined;
  if (options.strategy === 'committee') {
    if (!source.textOf || !source.committee) throw new RankInputError(COMMITTEE_REFUSAL);
    committee = await source.committee();
  }
  const candidates: NextCandidate[] = [];
  for await (const [index, prediction] of source.entries()) {
    const taskId = source.taskId(index);
    // As `prelabel rank`: the tasks the committee learnt from are labelled already.
    if (committee && taskId !== undefined && committee.annotated.has(String(taskId))) continue;
    const certainties = source.evidence.get(index)?.certainties;
    const text = committee ? source.textOf?.(index) : undefined;
    candidates.push({
      index,
      name: source.name(index),
      ...(taskId !== undefined ? { taskId } : {}),
      ...(prediction.score !== undefined ? { score: prediction.score } : {}),
      ...(prediction.cluster !== undefined ? { cluster: prediction.cluster } : {}),
      ...(certainties ? { certainties } : {}),
      ...(committee && text !== undefined ? { committee: committee.of(text) } : {}),
    });
  }
  const wantsFeatures = BATCH_STRATEGIES.includes(options.strategy) || (options.clusters ?? 0) > 0;
  const features = !wantsFeatures
    ? undefined
    : source.textOf
      ? textFeatures(candidates, source.textOf)
      : classFeatures(candidates, source.evidence);
  return labelNextWithClusters(candidates, options, features);
}
