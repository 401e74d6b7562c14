// A task's prediction from its raw candidates and the current settings: the
// re-threshold step of the run (decode once, relaxed) and of later setting
// changes (no inference). Both go through here, so a re-derived prediction
// equals what a fresh run with those settings would have written. Raw
// candidates are kept in decoded-image pixels, as the family returned them,
// and scaled to the original image after thresholding, like a direct decode.

import type { LabelingConfig } from '../core/config/types';
import type { ScoreAggregation } from '../core/export/score';
import type { VisionCandidate } from '../core/mapping/vision-candidates';
import type { VisionTarget } from '../core/mapping/vision-targets';
import { buildPrediction, scaleCandidate, type VisionPrediction } from '../core/predict';
import {
  rethreshold,
  type RawCandidate,
  type RawCandidates,
  type Suppression,
} from '../models/rethreshold';
import { rethresholdMasks, type RawMaskCandidate } from '../models/rethreshold-masks';
import type { Candidate, DecodeOptions } from '../models/types';

export interface RederiveContext {
  config: LabelingConfig;
  classNames: readonly string[];
  keypointNames?: readonly string[];
  targets: readonly VisionTarget[];
  options: DecodeOptions;
  suppression: Suppression;
  modelVersion: string;
  scoreMethod?: ScoreAggregation;
  /** Semantic segmentation: its min-area filter, a fraction of the covered cells. */
  minAreaFraction?: number;
}

/** The original image size, and original ÷ decoded pixels when the decode was downscaled. */
export interface TaskImageSize {
  width: number;
  height: number;
  scaleX?: number;
  scaleY?: number;
}

export interface RederivedPrediction extends VisionPrediction {
  /** False when the kept raw candidates cannot prove this equals a fresh run. */
  exact: boolean;
}

export function rederivePrediction(
  context: RederiveContext,
  raw: RawCandidates,
  image: TaskImageSize,
  task: { index: number; data: Record<string, unknown> },
): RederivedPrediction {
  const { candidates, exact } = rethresholdAny(raw, context);
  const sx = image.scaleX ?? 1;
  const sy = image.scaleY ?? 1;
  const kept = candidates as VisionCandidate[];
  const scaled = sx === 1 && sy === 1 ? kept : kept.map((c) => scaleCandidate(c, sx, sy));
  const built = buildPrediction({
    candidates: scaled,
    classNames: context.classNames,
    ...(context.keypointNames ? { keypointNames: context.keypointNames } : {}),
    targets: context.targets,
    image: { width: image.width, height: image.height },
    taskIndex: task.index,
    modelVersion: context.modelVersion,
    config: context.config,
    taskData: task.data,
    ...(context.scoreMethod ? { scoreMethod: context.scoreMethod } : {}),
  });
  return { ...built, exact };
}

function isMaskRaw(raw: RawCandidates): raw is RawCandidates<RawMaskCandidate> {
  return raw.coveredCells !== undefined || raw.candidates[0]?.kind === 'mask';
}

/** The family's decode, replayed on the raw list: masks come back in full. */
function rethresholdAny(
  raw: RawCandidates,
  context: RederiveContext,
): { candidates: readonly (Candidate | RawCandidate)[]; exact: boolean } {
  const suppression = raw.suppression ?? context.suppression;
  if (isMaskRaw(raw)) {
    return rethresholdMasks(raw, context.options, suppression, context.minAreaFraction);
  }
  return rethreshold(raw, context.options, suppression);
}
