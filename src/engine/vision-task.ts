// One task through an image model: preprocess, run, decode, then the shared
// buildPrediction (the CLI's path too), in original image pixels.

import type { VisionCandidate } from '../core/mapping/vision-candidates';
import type { VisionTarget } from '../core/mapping/vision-targets';
import { buildPrediction, scaleCandidate } from '../core/predict';
import type { PredictionContext, VisionPrediction } from '../core/predict';
import type { DecodeOptions, PreparedInput, RgbaImage } from '../models/types';
import type { DecodedImage } from './decode-image';
import type { VisionModel } from './model-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';

export interface VisionRun extends PredictionContext {
  model: VisionModel;
  targets: VisionTarget[];
  options: DecodeOptions;
}

/** Preprocessing runs while the previous task is in the model (run-loop's overlap). */
export function prepareVisionInput(
  model: VisionModel,
  image: RgbaImage,
  reuse?: Float32Array,
): PreparedInput {
  return model.family.preprocess(image, model.manifest, model.inputName, reuse);
}

export async function inferVisionTask(
  run: VisionRun,
  input: PreparedInput,
  decoded: DecodedImage,
  task: { index: number; data: Record<string, unknown> },
): Promise<VisionPrediction> {
  const { session, family, manifest } = run.model;
  const outputs = await session.run(toOrtFeeds(input.feeds));
  const candidates = family.decode(
    fromOrtOutputs(outputs),
    input.transform,
    manifest,
    run.options,
  ) as VisionCandidate[];
  // Candidates come in decoded pixels; a downscaled decode is scaled back up.
  const sx = decoded.originalWidth / decoded.image.width;
  const sy = decoded.originalHeight / decoded.image.height;
  const scaled =
    sx === 1 && sy === 1 ? candidates : candidates.map((c) => scaleCandidate(c, sx, sy));
  return buildPrediction({
    candidates: scaled,
    classNames: manifest.classNames,
    ...(manifest.keypointNames ? { keypointNames: manifest.keypointNames } : {}),
    targets: run.targets,
    image: { width: decoded.originalWidth, height: decoded.originalHeight },
    taskIndex: task.index,
    modelVersion: run.modelVersion,
    config: run.config,
    taskData: task.data,
    ...(run.scoreMethod ? { scoreMethod: run.scoreMethod } : {}),
  });
}
