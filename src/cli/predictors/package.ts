// The CLI's (and the server's) predictor for text and audio models: a
// package the registry recognises (or a built-in) opened with the shared
// predictor, its target control picked from the options, and
// predictTextTask / predictAudioTask for each task.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LabelingConfig } from '../../core/config/types';
import { AudioTargetError, TextTargetError } from '../../core/mapping';
import { ImageChoicesTargetError } from '../../core/mapping/image-choices-target';
import type { AudioStream, RgbaImage } from '../../models/types';
import { IMAGE_FEATURES_OPTION } from '../../models/shared/image-features';
import { OptionValueError } from '../../models/shared/errors';
import { SPEECH_OPTION } from '../../models/shared/speech-options';
import { ModelOpenError } from '../../models/predictor/open-model';
import { openBackbone, type Backbone } from '../backbone-features';
import {
  audioTargetOf,
  audioThreshold,
  defaultTextThreshold,
  imageChoicesTargetOf,
  predictImageChoicesTask,
  packageModelVersion,
  predictAudioTask,
  predictTextTask,
  releaseModel,
  textTargetOf,
  type AudioTarget,
  type OpenedPackageModel,
} from '../../models/predictor';
import { openPackagePath } from '../../models/predictor/node-package';
import type { NodeBackend } from '../../models/predictor/node-runtime';
import { BUILTIN_DIR, packageDir } from '../load-model';
import type { PredictArgs } from '../predict-args';
import { SPEECH_FLAG_OF, UsageError } from '../predict-args';
import type { PackageTaskPredictor } from './types';

export type PackageArgs = Pick<
  PredictArgs,
  | 'model'
  | 'backend'
  | 'target'
  | 'map'
  | 'conf'
  | 'modelVersion'
  | 'prompt'
  | 'generation'
  | 'speech'
  | 'backbone'
>;

/** Backbones opened for image heads, released with their model. */
const backbones = new WeakMap<OpenedPackageModel, Backbone>();

/**
 * An image head's backbone: `--backbone`, else the file the head names if it
 * sits next to the head; undefined when `--model` is not an image head.
 */
async function backboneOf(args: PackageArgs): Promise<Backbone | undefined> {
  const notHead = () => {
    if (args.backbone === undefined) return undefined;
    throw new UsageError(
      `--backbone is for image heads (a head.json from prelabel train --backbone); ${args.model} is not one`,
    );
  };
  if (!args.model.endsWith('.json') || !existsSync(args.model)) return notHead();
  let head: {
    learner?: unknown;
    features?: { backbone?: { name?: unknown; sha256?: unknown } };
  };
  try {
    head = JSON.parse(await readFile(args.model, 'utf8')) as typeof head;
  } catch {
    return undefined; // the registry names the broken file
  }
  if (head?.learner !== 'dense-logreg') return notHead();
  const name = head.features?.backbone?.name;
  const beside = typeof name === 'string' ? join(dirname(args.model), name) : undefined;
  const path = args.backbone ?? (beside && existsSync(beside) ? beside : undefined);
  if (!path) return undefined; // the family says to pass --backbone
  if (!existsSync(path)) throw new UsageError(`--backbone ${path}: no such file`);
  // Checked before the backbone is opened: a wrong file may not even have pooled features.
  const want = head.features?.backbone?.sha256;
  const have = createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
  if (typeof want === 'string' && want !== have) {
    throw new UsageError(
      `${basename(args.model)} was trained on the backbone ${typeof name === 'string' ? name : ''} (SHA-256 ${want}), ` +
        `not on ${path} (SHA-256 ${have}): pass --backbone with the file it was trained on`,
    );
  }
  return openBackbone(path);
}

/** The built-in VAD: finds the speech segments a recogniser transcribes one by one. */
export const REGION_MODEL = 'silero-vad';

/** `--model` as a text or audio model; undefined: an image model (or no model at all). */
export async function openCliPackage(args: PackageArgs): Promise<OpenedPackageModel | undefined> {
  // A dialogue too long for the model keeps its latest turns; a template is the user's to fit.
  const generation = {
    ...(args.generation ?? { strategy: 'greedy' }),
    keepPromptEnd: args.prompt === undefined,
  };
  // A packaged built-in (`silero-vad`) is a folder under public/models.
  const path = (await packageDir(args.model)) ?? args.model;
  const backbone = await backboneOf(args);
  const options = {
    generation,
    ...(args.speech ? { [SPEECH_OPTION]: args.speech } : {}),
    ...(backbone
      ? { [IMAGE_FEATURES_OPTION]: { ref: backbone.ref, features: backbone.features } }
      : {}),
  };
  let model: OpenedPackageModel | undefined;
  try {
    model = await openPackagePath(path, options, args.backend);
  } catch (error) {
    await backbone?.release();
    throw usageOfOption(error, args.model);
  }
  if (model && backbone) backbones.set(model, backbone);
  else await backbone?.release();
  if (args.speech && model?.family.modality !== 'audio') {
    if (model) await release(model);
    const flags = Object.keys(args.speech).map((k) => SPEECH_FLAG_OF[k] ?? k);
    throw new UsageError(
      `${flags.join(' and ')}: for speech recognisers (Whisper folders); ${args.model} is not one`,
    );
  }
  return model;
}

/** A run option the model refused (Whisper's language…), named by the flag that set it. */
function usageOfOption(error: unknown, model: string): unknown {
  const cause = error instanceof ModelOpenError ? error.cause : error;
  if (!(cause instanceof OptionValueError)) return error;
  const flag = SPEECH_FLAG_OF[cause.option] ?? cause.option;
  const accepted = cause.accepted.length ? `; accepted: ${cause.accepted.join(', ')}` : '';
  return new UsageError(`${flag} ${cause.value}: ${model}: ${cause.reason}${accepted}`);
}

/** The model's sessions and, for an image head, its backbone's. */
async function release(model: OpenedPackageModel): Promise<void> {
  await releaseModel(model);
  await backbones.get(model)?.release();
  backbones.delete(model);
}

async function openRegionModel(backend: NodeBackend): Promise<OpenedPackageModel> {
  const vad = await openPackagePath(join(BUILTIN_DIR, REGION_MODEL), {}, backend);
  if (!vad) {
    throw new Error(
      `the built-in ${REGION_MODEL} (the VAD that finds speech segments) is not installed: run npm install`,
    );
  }
  return vad;
}

/** `--target`: a control's name, else an object's (the first control on it). */
function targetOptions(config: LabelingConfig, target: string | undefined) {
  if (target === undefined) return {};
  return config.controls.some((c) => c.name === target) ? { fromName: target } : { toName: target };
}

function usage<T>(pick: () => T): T {
  try {
    return pick();
  } catch (error) {
    if (
      error instanceof TextTargetError ||
      error instanceof AudioTargetError ||
      error instanceof ImageChoicesTargetError
    ) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

function describeAudio(target: AudioTarget): string {
  if (target.mode === 'choices') return `"${target.choices.fromName}" (choices)`;
  if (target.mode === 'whole') return `"${target.fileText.fromName}" (textarea, whole file)`;
  const text = target.regionText ? ` + "${target.regionText.fromName}" (textarea per region)` : '';
  return `"${target.labels.fromName}" (labels)${text}`;
}

async function audioPredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  args: PackageArgs,
): Promise<PackageTaskPredictor> {
  // A control named by --target picks its audio object (the controls on it follow the config).
  const control = config.controls.find((c) => c.name === args.target);
  const toName = control ? control.toName[0] : args.target;
  const target = usage(() =>
    audioTargetOf(model, config, {
      ...(toName !== undefined ? { toName } : {}),
      ...(args.map ? { map: args.map } : {}),
    }),
  );
  const regionModel =
    target.mode === 'regions' && model.family.readsRegions
      ? await openRegionModel(args.backend)
      : undefined;
  const fromName =
    target.mode === 'choices'
      ? target.choices.fromName
      : target.mode === 'whole'
        ? target.fileText.fromName
        : target.labels.fromName;
  const modelVersion =
    args.modelVersion ??
    (await packageModelVersion(model, {
      target: [fromName, target.toName],
      mapping: 'mapping' in target ? target.mapping : {},
      // No --conf hashes as the default it means, as the app's run does.
      conf: audioThreshold(target.mode, args.conf),
      mode: target.mode,
      regions: regionModel?.bytesHash,
      speech: args.speech,
      maxNewTokens: args.generation?.maxNewTokens,
    }));
  const settings = {
    config,
    target,
    modelVersion,
    ...(args.conf !== undefined ? { threshold: args.conf } : {}),
    ...(regionModel ? { regionModel } : {}),
  };
  const using = regionModel ? ` on ${regionModel.id} segments` : '';
  return {
    description: `${model.id} (${model.family.id}) → ${describeAudio(target)} on "${target.toName}"${using}`,
    modelVersion,
    modality: 'audio',
    object: target.toName,
    predict: (task, taskIndex, audio) => {
      if (!audio) throw new Error('no audio');
      return predictAudioTask(
        model,
        { index: taskIndex, data: task.data },
        audio as AudioStream,
        settings,
      );
    },
    release: async () => {
      await release(model);
      await releaseModel(regionModel ?? null);
    },
  };
}

async function textPredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  args: PackageArgs,
): Promise<PackageTaskPredictor> {
  const target = usage(() =>
    textTargetOf(model, config, { ...targetOptions(config, args.target), map: args.map }),
  );
  // Prompt and sampling change replies only: a classifier or tagger is named as the app names it.
  const replies = model.resultKind === 'textarea';
  const modelVersion =
    args.modelVersion ??
    (await packageModelVersion(model, {
      target: [target.fromName, target.toName],
      mapping: target.mapping,
      // No --conf hashes as the default it means (the app always names its threshold).
      conf: args.conf ?? defaultTextThreshold(target.kind),
      prompt: replies ? args.prompt : undefined,
      generation: replies ? args.generation : undefined,
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
    release: () => release(model),
  };
}

/** An image head: the task's image → Choices on the <Image>. */
async function imagePredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  args: PackageArgs,
): Promise<PackageTaskPredictor> {
  const target = usage(() =>
    imageChoicesTargetOf(model, config, {
      ...(args.target !== undefined ? { name: args.target } : {}),
      ...(args.map ? { map: args.map } : {}),
    }),
  );
  const modelVersion =
    args.modelVersion ??
    (await packageModelVersion(model, {
      target: [target.fromName, target.toName],
      mapping: target.mapping,
      conf: args.conf,
      backbone: backbones.get(model)?.ref.sha256,
    }));
  const settings = {
    config,
    target,
    modelVersion,
    ...(args.conf !== undefined ? { threshold: args.conf } : {}),
  };
  return {
    description: `${model.id} (${model.family.id}) → "${target.fromName}" (choices) on "${target.toName}"`,
    modelVersion,
    modality: 'image',
    object: target.toName,
    predict: (task, taskIndex, media) => {
      if (!media) throw new Error('no image');
      return predictImageChoicesTask(
        model,
        { index: taskIndex, data: task.data },
        media as RgbaImage,
        settings,
      );
    },
    release: () => release(model),
  };
}

export async function createPackagePredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  args: PackageArgs,
): Promise<PackageTaskPredictor> {
  try {
    if (model.family.modality === 'image') return await imagePredictor(model, config, args);
    return model.family.modality === 'audio'
      ? await audioPredictor(model, config, args)
      : await textPredictor(model, config, args);
  } catch (error) {
    await release(model);
    throw error;
  }
}
