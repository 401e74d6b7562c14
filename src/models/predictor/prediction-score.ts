// The near miss of a task, from the raw candidates a run keeps: the
// best-scoring candidate this run's thresholds dropped, which the task score
// (core/active/prediction-score.ts) weighs against what the prediction shows.
// Found the way the family's decode would have found it at a lower threshold
// (same suppression), so a weaker duplicate of a box already shown is not a
// near miss; only classes that map to a label count (others are never shown).
import type { NearMiss } from '../../core/active/prediction-score';
import { rethreshold, type RawCandidates } from '../rethreshold';
import { classThreshold } from '../shared/candidates';
import type { DecodeOptions } from '../types';
import type { RederiveModel } from './rederive';
import type { PredictSettings } from './settings';

function closer(
  best: NearMiss | undefined,
  score: number,
  threshold: number,
): NearMiss | undefined {
  if (!(threshold > 0) || !Number.isFinite(score) || score >= threshold) return best;
  if (best && best.score / best.threshold >= score / threshold) return best;
  return { score, threshold };
}

/** OCR: the best line read under the minimum score. */
function lineNearMiss(raw: RawCandidates, options: DecodeOptions): NearMiss | undefined {
  let best: NearMiss | undefined;
  for (const line of raw.lines ?? []) best = closer(best, line.score, options.confidence);
  return best;
}

export function nearMissOf(
  model: RederiveModel,
  raw: RawCandidates | null | undefined,
  settings: Pick<PredictSettings, 'options' | 'targets'>,
): NearMiss | undefined {
  if (!raw) return undefined;
  const { family, manifest } = model;
  const { options } = settings;
  if (family.kind === 'pipeline') return lineNearMiss(raw, options);
  // A class distribution measures its own certainty (the Choices score).
  if (raw.candidates.length === 0 || raw.candidates[0]?.kind === 'class') return undefined;
  const suppression = raw.suppression ?? family.rethreshold.suppression(manifest);
  const relaxed: DecodeOptions = { confidence: 0, iou: options.iou, maxDetections: 0 };
  const { candidates } = rethreshold(raw, relaxed, suppression);
  const names = manifest.classNames;
  // A keypoint control maps keypoint names, not classes: any instance can show there.
  const anyInstance = settings.targets.some((t) => t.kind === 'keypoint');
  const shown = (c: (typeof candidates)[number]) => {
    if (c.kind === 'keypoints' && anyInstance) return true;
    const name = names[c.classIndex] ?? `class ${c.classIndex}`;
    return settings.targets.some((t) => t.mapping[name]);
  };
  let best: NearMiss | undefined;
  for (const c of candidates) {
    if (c.kind === 'mask' && c.mask === null) continue;
    if (!shown(c)) continue;
    best = closer(best, c.score, classThreshold(c.classIndex, options));
  }
  return best;
}

/** `{ nearMiss }` for a prediction context, or nothing. */
export function nearMissContext(
  model: RederiveModel,
  raw: RawCandidates | null | undefined,
  settings: Pick<PredictSettings, 'options' | 'targets'>,
): { nearMiss?: NearMiss } {
  const nearMiss = nearMissOf(model, raw, settings);
  return nearMiss ? { nearMiss } : {};
}
