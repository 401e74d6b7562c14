// A run of an audio model in the worker: the controls it fills (the config's
// audio object, with the page's edited mapping), the predictor's settings and
// the model_version `prelabel predict` computes for the same run. The
// predictions come from the predictor's predictAudioTask, the CLI's call; the
// audio is decoded here by core/audio (WASM: the worker has no Web Audio).
import type { LabelingConfig, ObjectTag } from '../core/config/types';
import { AudioDecodeError } from '../core/audio/decode-stream';
import {
  audioTargetOf,
  audioThreshold,
  packageModelVersion,
  type AudioRunSettings,
  type AudioTarget,
  type OpenedPackageModel,
} from '../models/predictor';
import { audioStreamOf } from '../models/predictor/audio-stream';
import type { AudioStream } from '../models/types';
import type { RunRequest } from './api';
import type { LoadedTextModel } from './model-loader';
import { TaskStageError } from './run-loop';

const AUDIO_OBJECTS = new Set(['Audio', 'AudioPlus']);

export interface AudioRunPlan {
  settings: AudioRunSettings;
  modelVersion: string;
}

/** The control a target fills first (what the page's choice names). */
export function audioFromName(target: AudioTarget): string {
  if (target.mode === 'choices') return target.choices.fromName;
  if (target.mode === 'whole') return target.fileText.fromName;
  return target.labels.fromName;
}

/**
 * The run's target and settings. `regionModel` opens the VAD that finds the
 * segments a recogniser transcribes (per-region text only).
 */
export async function planAudioRun(
  config: LabelingConfig,
  model: LoadedTextModel,
  request: RunRequest,
  regionModel: () => Promise<OpenedPackageModel>,
): Promise<AudioRunPlan> {
  const chosen = request.audio;
  const target = audioTargetOf(model, config, chosen ? { toName: chosen.toName } : {});
  if (chosen && 'mapping' in target) target.mapping = { ...chosen.mapping };
  const finder =
    target.mode === 'regions' && model.family.readsRegions ? await regionModel() : null;
  const conf = request.options.confidence;
  const modelVersion =
    request.modelVersion?.trim() || (await audioModelVersion(model, target, conf, finder));
  return {
    modelVersion,
    settings: {
      config,
      target,
      modelVersion,
      threshold: conf,
      ...(finder ? { regionModel: finder } : {}),
    },
  };
}

/**
 * The run settings `prelabel predict --conf` hashes for the same model and
 * config (the watch's push of an audio head hashes them too, at the default).
 */
export function audioModelVersion(
  model: Pick<OpenedPackageModel, 'id' | 'bytesHash'>,
  target: AudioTarget,
  conf: number | undefined,
  finder?: Pick<OpenedPackageModel, 'bytesHash'> | null,
): Promise<string> {
  return packageModelVersion(model, {
    target: [audioFromName(target), target.toName],
    mapping: 'mapping' in target ? target.mapping : {},
    conf: audioThreshold(target.mode, conf),
    mode: target.mode,
    regions: finder?.bytesHash,
  });
}

/** The audio object a project's preview shows (the run's, else the config's first). */
export function audioObjectOf(config: LabelingConfig | null, toName?: string): ObjectTag | null {
  if (!config || config.objects.some((o) => o.tag === 'Image')) return null;
  const audios = config.objects.filter((o) => AUDIO_OBJECTS.has(o.tag));
  return audios.find((o) => o.name === toName) ?? audios[0] ?? null;
}

/**
 * A task's file as the stream audio families read. A file that cannot be
 * decoded fails its task at the `audio` stage with the decoder's message
 * (which names the file and the cause).
 */
export function taskAudioStream(bytes: Uint8Array, name: string): AudioStream {
  const stream = audioStreamOf(bytes, name);
  return {
    name,
    chunks: (seconds) => decodeErrorsAsStage(stream.chunks(seconds)),
  };
}

async function* decodeErrorsAsStage<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* chunks;
  } catch (error) {
    if (error instanceof AudioDecodeError) throw new TaskStageError('audio', error.message);
    throw error;
  }
}
