// Image classes → one Choices result on the image: the best label, or every
// label above a threshold for `choice="multiple"`.
import type { NearMiss } from '../active/prediction-score';
import { choicesResult } from '../results/classification';
import type { LsResult } from '../results/types';
import type { LabelMapping } from './auto-map';
import type { DetectedClass } from './vision-candidates';

export interface ChoicesTarget {
  fromName: string;
  toName: string;
  /** `choice="multiple"`: every label reaching the threshold. */
  multiple: boolean;
}

/**
 * What the task score says (lowest = labeled first):
 * `top`: probability of the chosen label; `margin`: top-1 minus top-2 class
 * probability; `entropy`: 1 − normalised entropy of the class distribution.
 * margin and entropy describe the model's whole distribution (as decoded),
 * before classes are merged into labels.
 */
export type ClassScoreMode = 'top' | 'margin' | 'entropy';

export interface ClassResultOptions {
  /** Multiple choice: a label needs at least this probability; default 0.5. */
  threshold?: number;
  scoreMode?: ClassScoreMode;
}

export interface ClassResults {
  results: LsResult[];
  /** The task score per `scoreMode` (absent when no label was chosen). */
  score?: number;
  /** Multiple choice: the likeliest label left under the threshold. */
  nearMiss?: NearMiss;
  /** Classes that beat the chosen label (or all, when none was chosen) but map to nothing. */
  unmapped: Record<string, number>;
}

/**
 * Several classes may map to one label (tabby, tiger cat → Cat): a label's
 * probability is the sum of its classes' probabilities.
 */
export function classesToResults(
  classes: readonly DetectedClass[],
  classNames: readonly string[],
  mapping: LabelMapping,
  target: ChoicesTarget,
  nextId: () => string,
  options: ClassResultOptions = {},
): ClassResults {
  const sorted = [...classes].sort((a, b) => b.score - a.score);
  const labelProbability = new Map<string, number>();
  for (const c of sorted) {
    const label = mapping[classNames[c.classIndex] ?? `class ${c.classIndex}`];
    if (label) labelProbability.set(label, (labelProbability.get(label) ?? 0) + c.score);
  }
  const ranked = [...labelProbability].sort((a, b) => b[1] - a[1]);
  const threshold = options.threshold ?? 0.5;
  const chosen = target.multiple ? ranked.filter(([, p]) => p >= threshold) : ranked.slice(0, 1);

  const unmapped: Record<string, number> = {};
  const firstChosen = chosen[0]?.[0];
  for (const c of sorted) {
    const cls = classNames[c.classIndex] ?? `class ${c.classIndex}`;
    const label = mapping[cls];
    if (firstChosen !== undefined && label === firstChosen) break;
    if (!label) unmapped[cls] = (unmapped[cls] ?? 0) + 1;
  }
  const left = target.multiple ? ranked.find(([, p]) => p < threshold) : undefined;
  const nearMiss = left ? { nearMiss: { score: left[1], threshold } } : {};
  if (chosen.length === 0) return { results: [], unmapped, ...nearMiss };

  const top = Math.min(1, (chosen[0] as [string, number])[1]);
  const result = choicesResult({
    id: nextId(),
    fromName: target.fromName,
    toName: target.toName,
    choices: chosen.map(([label]) => label),
    score: top,
  });
  const best = sorted[0];
  const mode = options.scoreMode ?? 'top';
  const score =
    mode === 'margin' && best?.margin !== undefined
      ? best.margin
      : mode === 'entropy' && best?.entropy !== undefined
        ? 1 - best.entropy
        : top;
  return { results: [result], score, unmapped, ...nearMiss };
}
