// One task through an image model: preprocess, run, decode, then the shared
// buildPrediction (the CLI's path too), in original image pixels.

import type { VisionCandidate } from '../core/mapping/vision-candidates';
import type { VisionTarget } from '../core/mapping/vision-targets';
import { buildPrediction, scaleCandidate } from '../core/predict';
import type { PredictionContext, VisionPrediction } from '../core/predict';
import {
  rawCandidates,
  rawDecodeOptions,
  suppressionOf,
  type RawCandidate,
  type RawCandidates,
} from '../models/rethreshold';
import { minAreaFractionOf, rawMaskDecode } from '../models/rethreshold-mask-decode';
import type { DecodeOptions, PreparedInput, TensorData } from '../models/types';
import type { ImageSizes } from './prepare-image';
import type { VisionModel } from './model-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';
import { rederivePrediction, type RederiveContext, type TaskImageSize } from './rederive-task';

export interface VisionRun extends PredictionContext {
  model: VisionModel;
  targets: VisionTarget[];
  options: DecodeOptions;
}

/** Candidate kinds whose relaxed decode is the family's own decode (masks have their own). */
const RAW_KINDS: ReadonlySet<string> = new Set(['box', 'keypoints', 'class']);

/** What re-deriving this run's predictions from raw candidates needs. */
export function rederiveContext(run: VisionRun): RederiveContext {
  const { manifest, family } = run.model;
  const minAreaFraction = minAreaFractionOf(family.id, manifest);
  return {
    config: run.config,
    classNames: manifest.classNames,
    ...(manifest.keypointNames ? { keypointNames: manifest.keypointNames } : {}),
    targets: run.targets,
    options: run.options,
    suppression: suppressionOf(family.id, manifest.decode),
    modelVersion: run.modelVersion,
    ...(run.scoreMethod ? { scoreMethod: run.scoreMethod } : {}),
    ...(minAreaFraction !== undefined ? { minAreaFraction } : {}),
  };
}

/** The run's one relaxed decode, or null when this model keeps no raw candidates. */
function decodeRaw(
  run: VisionRun,
  outputs: Record<string, TensorData>,
  input: PreparedInput,
): RawCandidates | null {
  const { family, manifest, info } = run.model;
  if (info.kind === 'mask') {
    return rawMaskDecode(family.id, outputs, input.transform, manifest, run.options);
  }
  if (!RAW_KINDS.has(info.kind)) return null;
  const relaxed = rawDecodeOptions(run.options);
  const found = family.decode(outputs, input.transform, manifest, relaxed) as RawCandidate[];
  return rawCandidates(found, relaxed);
}

export interface VisionTaskResult extends VisionPrediction {
  /** The relaxed decode's candidates (re-thresholding later needs no inference). */
  raw?: RawCandidates;
  image: TaskImageSize;
}

export async function inferVisionTask(
  run: VisionRun,
  input: PreparedInput,
  sizes: ImageSizes,
  task: { index: number; data: Record<string, unknown> },
): Promise<VisionTaskResult> {
  const { session, family, manifest } = run.model;
  const outputs = fromOrtOutputs(await session.run(toOrtFeeds(input.feeds)));
  // Candidates come in decoded pixels; a downscaled decode is scaled back up.
  const sx = sizes.originalWidth / sizes.width;
  const sy = sizes.originalHeight / sizes.height;
  const image = {
    width: sizes.originalWidth,
    height: sizes.originalHeight,
    scaleX: sx,
    scaleY: sy,
  };
  // One relaxed decode, then this run's thresholds: equal to a direct decode
  // whenever the kept list proves it (else decode directly below).
  const raw = decodeRaw(run, outputs, input);
  if (raw) {
    const derived = rederivePrediction(rederiveContext(run), raw, image, task);
    if (derived.exact) {
      const { exact: _exact, ...prediction } = derived;
      return { ...prediction, raw, image };
    }
  }
  const candidates = family.decode(
    outputs,
    input.transform,
    manifest,
    run.options,
  ) as VisionCandidate[];
  const scaled =
    sx === 1 && sy === 1 ? candidates : candidates.map((c) => scaleCandidate(c, sx, sy));
  const built = buildPrediction({
    candidates: scaled,
    classNames: manifest.classNames,
    ...(manifest.keypointNames ? { keypointNames: manifest.keypointNames } : {}),
    targets: run.targets,
    image: { width: sizes.originalWidth, height: sizes.originalHeight },
    taskIndex: task.index,
    modelVersion: run.modelVersion,
    config: run.config,
    taskData: task.data,
    ...(run.scoreMethod ? { scoreMethod: run.scoreMethod } : {}),
  });
  // The raw list still serves later settings it can prove (higher thresholds).
  return { ...built, image, ...(raw ? { raw } : {}) };
}
