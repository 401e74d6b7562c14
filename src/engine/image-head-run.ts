// A run of an image head in the worker (a head from Online learning, on the
// backbone it holds): the <Choices> on an <Image> it fills (the page's target
// with its edited mapping, else the first that fits), the threshold and the
// model_version `prelabel predict --model head.json --backbone` computes. Each
// task then goes through predictImageChoicesTask, the CLI's call.
import { findControl, findObject } from '../core/config';
import type { LabelingConfig } from '../core/config/types';
import type { ImageChoicesTarget } from '../core/mapping/image-choices-target';
import { imageChoicesTargetOf, type ImageChoicesRunSettings } from '../models/predictor';
import type { RunRequest } from './api';
import type { LoadedTextModel } from './model-loader';
import { requestModelVersion } from './run-version';

export interface ImageHeadRunPlan {
  settings: ImageChoicesRunSettings;
  modelVersion: string;
  /** The task data key the image is read from. */
  dataKey: string;
}

/** The page's chosen Choices (checked against the config), else the first on an Image. */
function targetOf(
  config: LabelingConfig,
  model: LoadedTextModel,
  request: RunRequest,
): ImageChoicesTarget {
  const chosen = request.targets[0];
  if (!chosen) return imageChoicesTargetOf(model, config);
  const control = findControl(config, chosen.fromName);
  if (control?.tag !== 'Choices' || !control.toName.includes(chosen.toName)) {
    throw new Error(`the config has no <Choices name="${chosen.fromName}"> on "${chosen.toName}"`);
  }
  if (findObject(config, chosen.toName)?.tag !== 'Image') {
    throw new Error(`an image head labels an <Image>; "${chosen.toName}" is not one`);
  }
  return {
    fromName: chosen.fromName,
    toName: chosen.toName,
    multiple: control.multiple,
    mapping: { ...chosen.mapping },
  };
}

export async function planImageHeadRun(
  config: LabelingConfig,
  model: LoadedTextModel,
  request: RunRequest,
): Promise<ImageHeadRunPlan> {
  const target = targetOf(config, model, request);
  const object = findObject(config, target.toName);
  if (!object?.dataKey) throw new Error(`the object "${target.toName}" reads no task data ($key)`);
  const { fromName, toName, mapping } = target;
  const modelVersion =
    request.modelVersion?.trim() ||
    (await requestModelVersion(model.info, {
      ...request,
      targets: [{ kind: 'choices', fromName, toName, mapping, hasLabels: true }],
    }));
  return {
    settings: { config, target, modelVersion, threshold: request.options.confidence },
    modelVersion,
    dataKey: object.dataKey,
  };
}
