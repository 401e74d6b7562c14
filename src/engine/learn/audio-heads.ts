// Audio heads in the worker (issue 15): each annotated clip decoded as an
// audio run decodes it (core/audio), its pooled openWakeWord embedding from
// the very function `prelabel train` and the sound-class family use
// (clip-embedding.ts) on the built-in feature models, kept in memory per
// clip, and the dense head `prelabel train` fits on them, kept as the
// head.json of a sound-class folder. Exported as that folder zipped (which
// `prelabel predict --model` and the app's audio run read), and run as it.
import { LRUCache } from 'lru-cache';
import type { LabelingConfig } from '../../core/config/types';
import { AUDIO_OBJECTS } from '../../core/mapping/audio-targets';
import { modelBytesHash } from '../../core/predict/model-version';
import type { LsTask } from '../../core/tasks/types';
import { trainDense } from '../../learn/dense-classifier';
import { estimateDenseQuality } from '../../learn/quality';
import {
  CLIP_EMBEDDING_OPTION,
  EMBEDDING_FILES,
  embeddingPart,
  FEATURE_FOLDER_FILES,
  SOUND_CLASS_HEAD,
  streamEmbedding,
  type EmbeddingModels,
} from '../../models/audio-classification/clip-embedding';
import {
  audioTargetOf,
  openPackageModel,
  predictAudioTask,
  releaseModel,
  type OnnxRuntime,
  type RuntimeSession,
} from '../../models/predictor';
import type { AudioStream } from '../../models/types';
import { audioStreamOf } from '../../models/predictor/audio-stream';
import { unzipFolder, zipFolder, zipPackageSource } from '../../models/predictor/package-zip';
import { audioModelVersion } from '../audio-run';
import { tensorSessionOf } from '../../models/shared/tensor-session';
import type { Learner } from './learner';
import { mediaExamples, predictMediaTasks, type MediaRequest } from './media-examples';
import type { LearnPredictions, LearnVersion, TrainNotes } from './types';
import type { StoredVersion } from './version-store';

/** A task's audio by its reference (a dropped file's name or a URL): its bytes and a name for messages. */
export type AudioOf = (reference: string) => Promise<{ bytes: Uint8Array; name: string }>;
/** A file of the built-in `openwakeword-embedding` folder (the feature models, their licence). */
export type FeatureFileOf = (name: string) => Promise<Uint8Array>;

/** Bytes of clip embeddings kept (768 bytes a clip: about 40,000 clips). */
const EMBEDDING_CACHE_BYTES = 32 * 1024 * 1024;

export class AudioHeads {
  private models: Promise<EmbeddingModels> | null = null;
  /**
   * Embeddings by clip reference (the feature models never change), for
   * training and for the watch's pushes alike: both embed one clip at a
   * time on the same sessions, so a retrain and its push decode no clip
   * they have embedded before.
   */
  private readonly cache = new LRUCache<string, Float32Array>({
    maxSize: EMBEDDING_CACHE_BYTES,
    sizeCalculation: (v) => v.byteLength,
  });

  constructor(
    private readonly runtime: () => OnnxRuntime,
    private readonly featureFile: FeatureFileOf,
  ) {}

  /** The built-in feature models on the worker's runtime, opened once (again after a failure). */
  private open(): Promise<EmbeddingModels> {
    this.models ??= (async () => {
      const sessions: RuntimeSession[] = [];
      const session = async (file: string) => {
        const opened = await this.runtime().createSession(
          await this.featureFile(file),
          file,
          async () => undefined,
        );
        sessions.push(opened);
        return embeddingPart(tensorSessionOf(opened));
      };
      try {
        return {
          mel: await session(EMBEDDING_FILES.mel),
          embedding: await session(EMBEDDING_FILES.embedding),
        };
      } catch (error) {
        await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
        throw new Error(
          `the built-in openWakeWord feature models could not be opened: ${(error as Error).message}`,
          { cause: error },
        );
      }
    })();
    this.models.catch(() => {
      this.models = null;
    });
    return this.models;
  }

  /** Trains the head `prelabel train` trains on the annotated clips and adds it to the learner's versions. */
  async train(
    learner: Learner,
    scope: string,
    request: MediaRequest,
    audioOf: AudioOf,
  ): Promise<{ version: LearnVersion; notes: TrainNotes }> {
    const { source, features, labels, notes } = await mediaExamples(
      request,
      {
        objectTags: AUDIO_OBJECTS,
        noun: 'audio',
        refuse: (s) =>
          s.multiple
            ? `<Choices name="${s.control}"> is choice="multiple": audio heads give one label per clip (the sound-class family uses softmax)`
            : undefined,
      },
      (references) => this.embeddingsOf(references, audioOf),
    );
    // As `prelabel train` without flags: the learner's defaults, one label per clip.
    const options = { labels: source.labels, multiple: false };
    const head = trainDense(features, labels, options);
    const quality = estimateDenseQuality(features, labels, options);
    const version = await learner.addAudioHead(scope, head, quality, source.control);
    return { version, notes };
  }

  /** Each clip's embedding (cached by reference), or why it cannot be read. */
  private async embeddingsOf(
    references: readonly string[],
    audioOf: AudioOf,
  ): Promise<(Float32Array | Error)[]> {
    await this.open();
    const out: (Float32Array | Error)[] = [];
    for (const reference of references) {
      try {
        out.push(await this.embeddingOf(reference, lazyStream(reference, audioOf)));
      } catch (error) {
        out.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return out;
  }

  /** A clip's embedding: kept, or computed from its stream (read only then) and kept. */
  private async embeddingOf(reference: string, audio: AudioStream): Promise<Float32Array> {
    const kept = this.cache.get(reference);
    if (kept) return kept;
    const vector = await streamEmbedding(await this.open(), audio);
    this.cache.set(reference, vector);
    return vector;
  }

  /**
   * Predicts the tasks with a stored audio head as "Use for a run" runs its
   * export (the zip opened by the sound-class family, the default threshold,
   * the same model_version as that run and `prelabel predict --model` on the
   * zip); a clip that cannot be read or decoded gets its task's error, the
   * rest go on. The watch pushes these.
   */
  async predict(
    version: StoredVersion,
    config: LabelingConfig,
    tasks: readonly LsTask[],
    audioOf: AudioOf,
  ): Promise<LearnPredictions> {
    const source = zipPackageSource(version.fileName, await this.zipOf(version));
    // The family embeds through the cache: the zip's feature models are the
    // built-in ones this class holds open, so the vectors are the same.
    const referenceOf = new WeakMap<AudioStream, string>();
    const embed = async (audio: AudioStream): Promise<Float32Array> => {
      const reference = referenceOf.get(audio);
      if (reference === undefined) return streamEmbedding(await this.open(), audio);
      return this.embeddingOf(reference, audio);
    };
    const model = await openPackageModel(source, this.runtime(), {
      [CLIP_EMBEDDING_OPTION]: embed,
    });
    if (!model || model.family.modality !== 'audio') {
      await releaseModel(model);
      throw new Error(`${version.fileName} is not an audio head`);
    }
    try {
      const control = version.control
        ? config.controls.find((c) => c.name === version.control)
        : undefined;
      const toName = control?.toName[0];
      const target = audioTargetOf(model, config, toName ? { toName } : {});
      const modelVersion = await audioModelVersion(model, target, undefined);
      const settings = { config, target, modelVersion };
      const dataKey = target.dataKey ?? '';
      const results = await predictMediaTasks(tasks, dataKey, 'audio', async (task, reference) => {
        const audio = lazyStream(reference, audioOf);
        referenceOf.set(audio, reference);
        return predictAudioTask(model, task, audio, settings);
      });
      return { modelVersion, results };
    } finally {
      await releaseModel(model);
    }
  }

  /** The version's sound-class folder, zipped as `<folder>/head.json` + the feature models and their licence. */
  async zipOf(version: StoredVersion): Promise<Uint8Array> {
    const folder = version.audioFolder as string;
    const files: Record<string, Uint8Array> = {
      [SOUND_CLASS_HEAD]: new TextEncoder().encode(version.fileText),
    };
    for (const name of FEATURE_FOLDER_FILES) files[name] = await this.featureFile(name);
    return zipFolder(folder, files);
  }

  /**
   * A zipped sound-class folder's head (an export, or `prelabel train`'s
   * folder zipped): its folder name and head.json. Feature models in it
   * must be the built-in ones (the app runs heads on those).
   */
  async headOfZip(
    fileName: string,
    bytes: Uint8Array,
  ): Promise<{ fileName: string; folder: string; text: string }> {
    const { name, files } = unzipFolder(fileName, bytes);
    const head = files.get(SOUND_CLASS_HEAD);
    if (!head) {
      throw new Error(
        `${fileName} holds no ${SOUND_CLASS_HEAD}: an audio head is a zipped sound-class folder (head.json + the openWakeWord feature models)`,
      );
    }
    for (const model of [EMBEDDING_FILES.mel, EMBEDDING_FILES.embedding]) {
      const theirs = files.get(model);
      if (!theirs) continue;
      const [a, b] = await Promise.all([
        modelBytesHash(theirs),
        this.featureFile(model).then(modelBytesHash),
      ]);
      if (a !== b) {
        throw new Error(
          `${fileName}: its ${model} is not the built-in openWakeWord one; the app runs audio heads on the built-in feature models only`,
        );
      }
    }
    return { fileName, folder: name, text: new TextDecoder().decode(head) };
  }
}

/**
 * A clip read (fetched, then decoded) only when a pass over it starts: a
 * clip whose embedding is kept is never fetched again.
 */
function lazyStream(reference: string, audioOf: AudioOf): AudioStream {
  return {
    name: reference,
    chunks: (seconds) => ({
      async *[Symbol.asyncIterator]() {
        const { bytes, name } = await audioOf(reference);
        yield* audioStreamOf(bytes, name).chunks(seconds);
      },
    }),
  };
}

/** True when a .json file's text is a sound-class head.json (classNames, weights, bias), not a head file. */
export function isSoundClassHead(text: string): boolean {
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    return (
      typeof json === 'object' &&
      json !== null &&
      !('format' in json) &&
      Array.isArray(json.classNames) &&
      Array.isArray(json.weights)
    );
  } catch {
    return false;
  }
}
