// The CLI's (and the server's) predictor for text and audio models: a
// package the registry recognises (or a built-in) opened with the shared
// predictor, its target control picked from the options, and
// predictTextTask for each task.
import type { LabelingConfig } from '../../core/config/types';
import { TextTargetError } from '../../core/mapping';
import {
  packageModelVersion,
  predictTextTask,
  releaseModel,
  textTargetOf,
  type OpenedPackageModel,
} from '../../models/predictor';
import { openPackagePath } from '../../models/predictor/node-package';
import type { PredictArgs } from '../predict-args';
import { UsageError } from '../predict-args';
import type { PackageTaskPredictor } from './types';

export type PackageArgs = Pick<
  PredictArgs,
  'model' | 'backend' | 'target' | 'map' | 'conf' | 'modelVersion' | 'prompt' | 'generation'
>;

/** `--model` as a text or audio model; undefined: an image model (or no model at all). */
export function openCliPackage(args: PackageArgs): Promise<OpenedPackageModel | undefined> {
  // A dialogue too long for the model keeps its latest turns; a template is the user's to fit.
  const generation = {
    ...(args.generation ?? { strategy: 'greedy' }),
    keepPromptEnd: args.prompt === undefined,
  };
  return openPackagePath(args.model, { generation }, args.backend);
}

/** `--target`: a control's name, else an object's (the first control on it). */
function targetOptions(config: LabelingConfig, target: string | undefined) {
  if (target === undefined) return {};
  return config.controls.some((c) => c.name === target) ? { fromName: target } : { toName: target };
}

export async function createPackagePredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  args: PackageArgs,
): Promise<PackageTaskPredictor> {
  try {
    let target;
    try {
      target = textTargetOf(model, config, {
        ...targetOptions(config, args.target),
        map: args.map,
      });
    } catch (error) {
      if (error instanceof TextTargetError) throw new UsageError(error.message);
      throw error;
    }
    const modelVersion =
      args.modelVersion ??
      (await packageModelVersion(model, {
        target: [target.fromName, target.toName],
        mapping: target.mapping,
        conf: args.conf,
        prompt: args.prompt,
        generation: args.generation,
      }));
    const settings = {
      config,
      target,
      modelVersion,
      ...(args.conf !== undefined ? { threshold: args.conf } : {}),
      ...(args.prompt !== undefined ? { prompt: args.prompt } : {}),
    };
    return {
      description: `${model.id} (${model.family.id}) → "${target.fromName}" (${target.kind}) on "${target.toName}"`,
      modelVersion,
      modality: 'text',
      object: target.toName,
      predict: (task, taskIndex) =>
        predictTextTask(model, { index: taskIndex, data: task.data }, settings),
      release: () => releaseModel(model),
    };
  } catch (error) {
    await releaseModel(model);
    throw error;
  }
}
