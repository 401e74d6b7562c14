// The worker's side of "Label next": what each kept prediction's raw form said
// about its classes (noted as the run goes, since the raw form is dropped
// once journalled), and the ranking over every prediction held, with feature
// vectors made on demand: a classifier's kept class probabilities, or, for
// text tasks, TF-IDF of their words fitted on a sample of the tasks' texts;
// committee disagreement from heads trained on the tasks' annotations (text
// heads, or dense heads on an image backbone's features).
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
  /**
   * Every prediction held, in task order (a journalled run's read back page
   * by page, with the class evidence journalled beside it).
   */
  entries(): AsyncIterable<
    readonly [number, LsPrediction] | readonly [number, LsPrediction, ClassEvidence]
  >;
  taskId(index: number): string | number | undefined;
  name(index: number): string;
  evidence: RankEvidence;
  /** The text a text task shows (undefined: not a text task, or no text). */
  textOf?(index: number): string | undefined;
  /** The committee, trained on demand from the annotations (text tasks, or image tasks with a backbone). */
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

function classFeatures(vectors: readonly (Vector | undefined)[]): CandidateFeatures | undefined {
  if (!vectors.some((v) => v)) return undefined;
  return { describe: "the model's class probabilities", of: (i): Vector | undefined => vectors[i] };
}

export async function rankLabelNext(
  source: LabelNextSource,
  options: LabelNextOptions,
): Promise<LabelNextResult> {
  let committee: LabelNextCommittee | undefined;
  if (options.strategy === 'committee') {
    if (!source.committee) throw new RankInputError(COMMITTEE_REFUSAL);
    committee = await source.committee();
  }
  const candidates: NextCandidate[] = [];
  const vectors: (Vector | undefined)[] = [];
  for await (const [index, prediction, journalled] of source.entries()) {
    const taskId = source.taskId(index);
    // As `prelabel rank`: the tasks the committee learnt from are labelled already.
    if (committee && taskId !== undefined && committee.annotated.has(String(taskId))) continue;
    // Noted in this session, else kept in the journal (a resumed run's tasks).
    const evidence = source.evidence.get(index) ?? journalled;
    const certainties = evidence?.certainties;
    vectors.push(evidence?.vector);
    candidates.push({
      index,
      name: source.name(index),
      ...(taskId !== undefined ? { taskId } : {}),
      ...(prediction.score !== undefined ? { score: prediction.score } : {}),
      ...(prediction.cluster !== undefined ? { cluster: prediction.cluster } : {}),
      ...(certainties ? { certainties } : {}),
    });
  }
  if (committee) {
    // All at once: an image committee extracts the missing features in batches.
    const asked = await committee.probabilities(candidates.map((c) => c.index));
    candidates.forEach((c, k) => {
      const p = asked[k];
      if (p) c.committee = p;
    });
  }
  const wantsFeatures = BATCH_STRATEGIES.includes(options.strategy) || (options.clusters ?? 0) > 0;
  const features = !wantsFeatures
    ? undefined
    : source.textOf
      ? textFeatures(candidates, source.textOf)
      : classFeatures(vectors);
  return labelNextWithClusters(candidates, options, features);
}
