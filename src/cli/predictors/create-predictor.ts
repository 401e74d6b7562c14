// The CLI's (and the server's) predictor over the shared one: a model on
// onnxruntime-node (or ORT-web's WASM with `--backend wasm`), its targets in
// the config from the options, and predictTask for each image.
import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { LabelingConfig } from '../../core/config/types';
import {
  parseMappingSpec,
  pickOcrTarget,
  pickVisionTargets,
  VisionTargetError,
} from '../../core/mapping';
import type { VisionTarget } from '../../core/mapping';
import {
  predictTask,
  releaseModel,
  runModelVersion,
  type OpenedModel,
  type PredictSettings,
} from '../../models/predictor';
import { openModelFiles } from '../../models/predictor/node-runtime';
import { parseLabelsFile } from '../../models/shared/labels-file';
import type { DecodeOptions } from '../../models/types';
import type { ModelFiles } from '../load-model';
import type { PredictArgs } from '../predict-args';
import { UsageError } from '../predict-args';
import type { Predictor } from './types';

/** The controls image candidates go to: the config's fitting ones, `--target`, `--mask-form`, `--map`. */
function visionTargets(
  config: LabelingConfig,
  model: OpenedModel,
  args: PredictArgs,
): VisionTarget[] {
  const { manifest } = model;
  if (model.kind === 'text') throw new UsageError('text models have no image targets');
  const pick = (maskForm: PredictArgs['maskForm']) =>
    pickVisionTargets(
      config,
      model.kind as Exclude<OpenedModel['kind'], 'text'>,
      { classNames: manifest.classNames, keypointNames: manifest.keypointNames },
      maskForm ? { maskForm } : {},
    );
  let targets: VisionTarget[];
  try {
    // `--target` picks among every form that fits (a brush control behind a polygon one too).
    targets = pick(args.target && !args.maskForm ? 'both' : args.maskForm);
  } catch (error) {
    if (!(error instanceof VisionTargetError)) throw error;
    if (!args.target || args.maskForm) throw new UsageError(error.message);
    try {
      targets = pick(undefined);
    } catch (again) {
      if (again instanceof VisionTargetError) throw new UsageError(again.message);
      throw again;
    }
  }
  if (args.target) {
    const same = targets.find((t) => t.fromName === args.target);
    if (!config.controls.some((c) => c.name === args.target) || !same) {
      const names = targets.map((t) => t.fromName).join(', ');
      throw new UsageError(
        `--target ${args.target}: not a control that fits this model (fits: ${names})`,
      );
    }
    targets = [same];
  }
  const overrides = args.map ? parseMappingSpec(args.map) : {};
  return targets.map((t) =>
    t.kind === 'keypoint' ? t : { ...t, mapping: { ...t.mapping, ...overrides } },
  );
}

async function open(files: ModelFiles, args: PredictArgs): Promise<OpenedModel> {
  const labels = args.labels
    ? parseLabelsFile(basename(args.labels), await readFile(args.labels, 'utf8'))
    : undefined;
  return openModelFiles(
    files,
    { ...(args.family ? { familyId: args.family } : {}), ...(labels ? { labels } : {}) },
    args.backend,
  );
}

/** A model from `--model`, ready to predict the tasks of `config` with the options of `args`. */
export async function createPredictor(
  files: ModelFiles,
  config: LabelingConfig,
  args: PredictArgs,
): Promise<Predictor> {
  const model = await open(files, args);
  try {
    const { manifest, family } = model;
    const options: DecodeOptions = {
      ...manifest.defaults,
      confidence: args.conf ?? manifest.defaults.confidence,
      iou: args.iou ?? manifest.defaults.iou,
      maxDetections: args.maxDet ?? manifest.defaults.maxDetections,
    };
    let targets: VisionTarget[] = [];
    let settingsTarget: Pick<PredictSettings, 'targets' | 'ocrTarget'>;
    let toName: string;
    let targetText: string;
    if (model.kind === 'text') {
      let ocrTarget;
      try {
        ocrTarget = pickOcrTarget(config, args.target);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      settingsTarget = { targets: [], ocrTarget };
      toName = ocrTarget.toName;
      targetText = `<${ocrTarget.shape.kind}> + <TextArea name="${ocrTarget.textArea.fromName}">`;
    } else {
      targets = visionTargets(config, model, args);
      settingsTarget = { targets };
      toName = targets[0]!.toName;
      targetText = targets.map((t) => `"${t.fromName}" (${t.kind})`).join(' + ');
    }
    const modelVersion =
      args.modelVersion ??
      (await runModelVersion(
        { id: model.id, name: manifest.name, kind: model.kind, bytesHash: model.bytesHash },
        { targets, options },
      ));
    // No re-thresholding after a CLI run: no raw form to keep.
    const settings: PredictSettings = {
      config,
      ...settingsTarget,
      options,
      modelVersion,
      keepRaw: false,
    };
    const name = model.kind === 'text' ? model.id : model.fileName;
    return {
      description: `${name} (${family.id}) → ${targetText} on "${toName}"`,
      modelVersion,
      ...(model.kind === 'text' ? {} : { classNames: manifest.classNames }),
      imageObject: toName,
      async predict(image, task, taskIndex) {
        return predictTask(model, { task: { index: taskIndex, data: task.data }, image }, settings);
      },
      release: () => releaseModel(model),
    };
  } catch (error) {
    await releaseModel(model);
    throw error;
  }
}
