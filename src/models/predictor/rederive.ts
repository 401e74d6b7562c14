// A task's prediction from its raw candidates and the current settings: the
// re-threshold step of a run (decode once, relaxed) and of later setting
// changes (no inference). Both go through here, so a re-derived prediction
// equals what a fresh run with those settings would have written. Image
// candidates are kept in decoded-image pixels, as the family returned them,
// and scaled to the original image after thresholding, like a direct decode;
// text lines are kept in original pixels.
import type { VisionCandidate } from '../../core/mapping/vision-candidates';
import { buildOcrPrediction, buildPrediction, scaleCandidate } from '../../core/predict';
import type { FinishedPrediction } from '../../core/predict';
import { rethreshold, type RawCandidate, type RawCandidates } from '../rethreshold';
import { rethresholdMasks, type RawMaskCandidate } from '../rethreshold-masks';
import type { Candidate, SessionFamily, ModelManifest, TensorFamily } from '../types';
import { nearMissContext } from './prediction-score';
import type { PredictSettings, TaskImageSize, TaskRef } from './settings';

/** What re-deriving needs of a model: its family and manifest (no sessions). */
export interface RederiveModel {
  family: SessionFamily;
  manifest: ModelManifest;
}

export interface RederivedPrediction extends FinishedPrediction {
  /** Image candidates: class name → regions dropped because the class maps to nothing. */
  unmapped?: Record<string, number>;
  /** False when the kept raw candidates cannot prove this equals a fresh run. */
  exact: boolean;
}

function isMaskRaw(raw: RawCandidates): raw is RawCandidates<RawMaskCandidate> {
  return raw.coveredCells !== undefined || raw.candidates[0]?.kind === 'mask';
}

/** The family's decode, replayed on the raw list by its own rules: masks come back in full. */
function rethresholdTensor(
  family: TensorFamily,
  manifest: ModelManifest,
  raw: RawCandidates,
  settings: PredictSettings,
): { candidates: readonly (Candidate | RawCandidate)[]; exact: boolean } {
  const rules = family.rethreshold;
  // The raw list overrides when its decode chose (an NMS-free -seg head).
  const suppression = raw.suppression ?? rules.suppression(manifest);
  if (isMaskRaw(raw)) {
    return rethresholdMasks(raw, settings.options, suppression, rules.minAreaFraction?.(manifest));
  }
  return rethreshold(raw, settings.options, suppression);
}

export function rederiveTask(
  model: RederiveModel,
  raw: RawCandidates,
  image: TaskImageSize,
  task: TaskRef,
  settings: PredictSettings,
): RederivedPrediction {
  const { family, manifest } = model;
  const context = {
    taskIndex: task.index,
    taskData: task.data,
    modelVersion: settings.modelVersion,
    config: settings.config,
    image: { width: image.width, height: image.height },
    ...(settings.scoreMethod ? { scoreMethod: settings.scoreMethod } : {}),
    // The task score weighs the best candidate these thresholds drop.
    ...nearMissContext(model, raw, settings),
  };
  if (family.kind === 'pipeline') {
    if (!settings.ocrTarget) throw new Error('choose where the text lines go (an OCR control)');
    const { candidates, exact } = family.rethreshold(raw, settings.options);
    return {
      ...buildOcrPrediction({ ...context, lines: candidates, target: settings.ocrTarget }),
      exact,
    };
  }
  const { candidates, exact } = rethresholdTensor(family, manifest, raw, settings);
  const sx = image.scaleX ?? 1;
  const sy = image.scaleY ?? 1;
  const kept = candidates as VisionCandidate[];
  const scaled = sx === 1 && sy === 1 ? kept : kept.map((c) => scaleCandidate(c, sx, sy));
  const built = buildPrediction({
    ...context,
    candidates: scaled,
    classNames: manifest.classNames,
    ...(manifest.keypointNames ? { keypointNames: manifest.keypointNames } : {}),
    targets: settings.targets,
  });
  return { ...built, exact };
}
