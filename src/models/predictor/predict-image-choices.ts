// One task through an image head (a package that reads the task's decoded
// image): its classes → one Choices result on the <Image>, scored like any
// class model (the probability of the chosen label), checked against the config.
import type { LabelingConfig } from '../../core/config/types';
import { parseMappingSpec } from '../../core/mapping/auto-map';
import { classesToResults } from '../../core/mapping/classes-to-results';
import {
  pickImageChoicesTarget,
  type ImageChoicesTarget,
} from '../../core/mapping/image-choices-target';
import { createIdGenerator } from '../../core/results/ids';
import { makePrediction } from '../../core/results/prediction';
import { validatePrediction } from '../../core/validate';
import type { PackagePredictor, RgbaImage, ScoreCandidate } from '../types';
import type { OpenedPackageModel } from './open-package';
import type { TextTaskOutcome } from './predict-text';
import type { TaskRef } from './settings';

/** `choice="multiple"`: a label's minimum probability unless the run says otherwise. */
export const IMAGE_CHOICES_THRESHOLD = 0.5;

export interface ImageChoicesRunSettings {
  config: LabelingConfig;
  target: ImageChoicesTarget;
  modelVersion: string;
  /** `choice="multiple"`: a label's minimum probability (default 0.5). */
  threshold?: number;
}

/** The Choices on an Image the model fills: the first, or the one `name` names. */
export function imageChoicesTargetOf(
  model: OpenedPackageModel,
  config: LabelingConfig,
  options: { name?: string; map?: string } = {},
): ImageChoicesTarget {
  if (model.family.modality !== 'image' || model.resultKind !== 'choices') {
    throw new Error(`${model.id} reads ${model.family.modality}, not images`);
  }
  const target = pickImageChoicesTarget(config, model.predictor.classNames, options.name);
  if (options.map) Object.assign(target.mapping, parseMappingSpec(options.map));
  return target;
}

export async function predictImageChoicesTask(
  model: OpenedPackageModel,
  task: TaskRef,
  image: RgbaImage,
  settings: ImageChoicesRunSettings,
): Promise<TextTaskOutcome> {
  const { target } = settings;
  const predictor = model.predictor as PackagePredictor<RgbaImage, ScoreCandidate>;
  const out = await predictor.predict(image);
  const { mapping, ...choices } = target;
  const mapped = classesToResults(
    out.candidates,
    predictor.classNames,
    mapping,
    choices,
    createIdGenerator('image'),
    { threshold: settings.threshold ?? IMAGE_CHOICES_THRESHOLD },
  );
  const prediction = makePrediction(mapped.results, settings.modelVersion, mapped.score);
  const issues = validatePrediction(prediction, settings.config, { taskData: task.data });
  return { prediction, issues, unmapped: mapped.unmapped, raw: out.raw };
}
