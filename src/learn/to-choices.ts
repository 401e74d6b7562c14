// A head's per-label probabilities → one Label Studio `Choices` result and the
// task score (lowest = least certain = label first), through the core builders.
import { predictionScore, type NearMiss } from '../core/active/prediction-score';
import { choicesResult } from '../core/results/classification';
import { makePrediction } from '../core/results/prediction';
import type { LsPrediction, LsResult } from '../core/results/types';
import { predictDense } from './dense-classifier';
import type { Head } from './head';
import { decide } from './metrics';
import { predictText, type TextPrediction } from './text-classifier';

export interface ChoicesTarget {
  /** The `<Choices>` control's name. */
  fromName: string;
  /** Its object (the `<Text>` or `<Image>` name). */
  toName: string;
}

export interface HeadChoices {
  /** Null when nothing was chosen (multiple choice, no label at 0.5). */
  result: LsResult | null;
  /**
   * The one task score (core/active/prediction-score.ts). Single label: the
   * chosen label's probability. Multiple: the chosen labels' mean probability,
   * lowered by the likeliest label left under 0.5 (a near miss), so a label at
   * 0.45 makes the task uncertain and a text with no label near 0.5 is certain.
   */
  score: number;
}

/** Multiple choice keeps a label at this probability (learn/metrics.ts `decide`). */
const MULTIPLE_THRESHOLD = 0.5;

function multipleChoiceScore(probabilities: readonly number[], chosen: readonly number[]): number {
  let nearMiss: NearMiss | undefined;
  probabilities.forEach((p, l) => {
    if (chosen.includes(l) || (nearMiss && nearMiss.score >= p)) return;
    nearMiss = { score: p, threshold: MULTIPLE_THRESHOLD };
  });
  return predictionScore({
    shown: chosen.map((l) => probabilities[l] as number),
    ...(nearMiss ? { nearMiss } : {}),
  });
}

export function choicesFromProbabilities(
  prediction: TextPrediction,
  multiple: boolean,
  target: ChoicesTarget,
  id = 'learned',
): HeadChoices {
  const chosen = decide(prediction.probabilities, multiple);
  const score = multiple
    ? multipleChoiceScore(prediction.probabilities, chosen)
    : (prediction.probabilities[chosen[0] ?? 0] ?? 0);
  if (chosen.length === 0) return { result: null, score };
  const top = Math.max(...chosen.map((l) => prediction.probabilities[l] as number));
  return {
    result: choicesResult({
      id,
      fromName: target.fromName,
      toName: target.toName,
      choices: chosen.map((l) => prediction.labels[l] as string),
      score: top,
    }),
    score,
  };
}

/** Per-label probabilities from a head: a text for text heads, a feature vector for dense heads. */
export function predictWithHead(head: Head, input: string | ArrayLike<number>): TextPrediction {
  if (head.learner === 'text-tfidf-logreg') {
    if (typeof input !== 'string') throw new Error('a text head predicts from a text');
    return predictText(head, input);
  }
  if (typeof input === 'string') throw new Error('a dense head predicts from a feature vector');
  return predictDense(head, input);
}

/** One call for the predictor: a Label Studio prediction (model_version, score, result). */
export function headPrediction(
  head: Head,
  input: string | ArrayLike<number>,
  target: ChoicesTarget,
): LsPrediction {
  const { result, score } = choicesFromProbabilities(
    predictWithHead(head, input),
    head.multiple,
    target,
  );
  return makePrediction(result ? [result] : [], head.modelVersion, score);
}
