// Image heads in the worker (issue 15, transfer learning): the user's backbone
// (any ImageNet-style classifier ONNX) cut to its pooled features, each
// annotated image's feature vector computed once per backbone and kept in
// memory, a dense head trained on them (src/learn, as `prelabel train
// --backbone`), and the stored head run through the shared predictor's
// image-head family as `prelabel predict --model head.json --backbone` runs it.
import { LRUCache } from 'lru-cache';
import type { LabelingConfig } from '../../core/config/types';
import type { LsTask } from '../../core/tasks/types';
import { trainDense } from '../../learn/dense-classifier';
import { estimateDenseQuality } from '../../learn/quality';
import {
  BACKBONE_BATCH,
  openBackboneFeatures,
  type OpenedBackbone,
} from '../../models/image-head/backbone';
import {
  IMAGE_CHOICES_THRESHOLD,
  imageChoicesTargetOf,
  imageHeadModelVersion,
  openPackageModel,
  predictImageChoicesTask,
  releaseModel,
  type OnnxRuntime,
} from '../../models/predictor';
import { IMAGE_FEATURES_OPTION, type ImageFeatureSource } from '../../models/shared/image-features';
import type { RgbaImage } from '../../models/types';
import type { Learner } from './learner';
import { mediaExamples, predictMediaTasks, type MediaRequest } from './media-examples';
import type { BackendInfo } from '../api';
import type { BackboneInfo, LearnPredictions, LearnVersion, TrainNotes } from './types';

/** A task's image by its reference (a dropped file's name or a URL), decoded. */
export type ImageOf = (reference: string) => Promise<RgbaImage>;

/**
 * Feature vectors kept (MobileNetV2's 1280 floats: about 26,000 images).
 * Label next's image committee asks about every unlabelled image too; past
 * this the least recently used are dropped and extracted again when asked.
 */
export const FEATURE_CACHE_BYTES = 128 * 1024 * 1024;

/** The backbone a loaded image head runs on (model-loader.ts opens the head with it). */
export interface HeldBackbone {
  info: BackboneInfo;
  /** The run option the image-head family reads (IMAGE_FEATURES_OPTION). */
  source: ImageFeatureSource;
  /** Where its session runs (onnxruntime-web: WASM), for the model's badge. */
  backend?: BackendInfo;
}

/** A feature vector's cache key: the backbone's SHA-256 and the image's reference. */
function featureKey(backbone: OpenedBackbone, reference: string): string {
  return `${backbone.ref.sha256}\u0000${reference}`;
}

export class ImageHeads {
  private backbone: { opened: OpenedBackbone; info: BackboneInfo; backend?: BackendInfo } | null =
    null;
  /** Feature vectors by backbone SHA-256 and image reference, least recently used dropped first. */
  private readonly cache: LRUCache<string, Float32Array>;
  /**
   * The same for predictions, one image per run as the CLI's predict: kept
   * apart from training's batched vectors so predictions stay the CLI's bit
   * for bit. A watch's retrain predicts the unlabelled images again without
   * running the backbone on them again.
   */
  private readonly predicted: LRUCache<string, Float32Array>;

  constructor(
    private readonly runtime: () => OnnxRuntime,
    cacheBytes = FEATURE_CACHE_BYTES,
  ) {
    this.cache = new LRUCache({ maxSize: cacheBytes, sizeCalculation: (v) => v.byteLength });
    this.predicted = new LRUCache({
      maxSize: cacheBytes / 2,
      sizeCalculation: (v) => v.byteLength,
    });
  }

  get info(): BackboneInfo | null {
    return this.backbone?.info ?? null;
  }

  /** The backbone the next trainings and predictions use; throws naming the file when it has no pooled output. */
  async setBackbone(bytes: Uint8Array, name: string): Promise<BackboneInfo> {
    const runtime = this.runtime();
    const opened = await openBackboneFeatures(bytes, name, runtime);
    const backend = (runtime as { backends?: readonly BackendInfo[] }).backends?.at(-1);
    const previous = this.backbone;
    const info: BackboneInfo = {
      name,
      sha256: opened.ref.sha256,
      output: opened.ref.output,
      producer: opened.producer,
      dequantized: opened.dequantized,
      sizeBytes: bytes.length,
    };
    this.backbone = { opened, info, ...(backend ? { backend } : {}) };
    if (previous && previous.opened !== opened) await previous.opened.release();
    return info;
  }

  /**
   * The backbone held now, as a run's feature source: each image goes to the
   * backbone held when it is read (a backbone dropped again is fine), and
   * fails naming both files once another backbone replaced this one.
   */
  held(): HeldBackbone | null {
    const held = this.backbone;
    if (!held) return null;
    const { ref } = held.opened;
    const features = (image: RgbaImage): Promise<Float32Array> => {
      const now = this.backbone;
      if (!now || now.info.sha256 !== ref.sha256) {
        const instead = now ? `${now.info.name} replaced it` : 'none is held now';
        return Promise.reject(
          new Error(
            `the backbone ${held.info.name} is no longer in Online learning (${instead}): drop ${held.info.name} there again, or load another model`,
          ),
        );
      }
      return now.opened.features(image);
    };
    return {
      info: held.info,
      source: { ref, features },
      ...(held.backend ? { backend: held.backend } : {}),
    };
  }

  private need(): OpenedBackbone {
    if (!this.backbone) {
      throw new Error(
        'an image head learns on a backbone: drop an ImageNet-style classifier ONNX (e.g. MobileNetV2) first',
      );
    }
    return this.backbone.opened;
  }

  /**
   * Features of the images (cached); an image that cannot be read gets its
   * Error. Label next's image committee reads them here too.
   */
  async featuresOf(
    references: readonly string[],
    imageOf: ImageOf,
  ): Promise<(Float32Array | Error)[]> {
    const backbone = this.need();
    const key = (r: string) => featureKey(backbone, r);
    const out: (Float32Array | Error)[] = references.map(
      (r) => this.cache.get(key(r)) ?? new Error('pending'),
    );
    const todo = references.flatMap((r, k) => (this.cache.has(key(r)) ? [] : [k]));
    for (let at = 0; at < todo.length; at += BACKBONE_BATCH) {
      const chunk = todo.slice(at, at + BACKBONE_BATCH);
      const decoded = await Promise.allSettled(chunk.map((k) => imageOf(references[k] as string)));
      const ready: { k: number; image: RgbaImage }[] = [];
      decoded.forEach((d, j) => {
        const k = chunk[j] as number;
        if (d.status === 'fulfilled') ready.push({ k, image: d.value });
        else out[k] = d.reason instanceof Error ? d.reason : new Error(String(d.reason));
      });
      const vectors = await backbone.featuresOf(ready.map((r) => r.image));
      ready.forEach(({ k }, j) => {
        const vector = vectors[j] as Float32Array;
        this.cache.set(key(references[k] as string), vector);
        out[k] = vector;
      });
    }
    return out;
  }

  /** Trains a dense head on the annotated images and adds it to the learner's versions. */
  async train(
    learner: Learner,
    scope: string,
    request: MediaRequest,
    imageOf: ImageOf,
  ): Promise<{ version: LearnVersion; notes: TrainNotes }> {
    const { source, features, labels, notes } = await mediaExamples(
      request,
      { objectTags: ['Image'], noun: 'image' },
      (references) => this.featuresOf(references, imageOf),
    );
    const options = { labels: source.labels, multiple: source.multiple };
    const head = trainDense(features, labels, { ...options, backbone: this.need().ref });
    const quality = estimateDenseQuality(features, labels, options);
    const version = await learner.addHead(scope, head, quality, source.control);
    return { version, notes };
  }

  /**
   * Predicts the tasks with a stored image head as `prelabel predict --model
   * head.json --backbone` does (same family, same model_version); a task
   * whose image cannot be read gets its error, the rest go on.
   */
  async predict(
    head: { fileName: string; fileText: string; control: string },
    config: LabelingConfig,
    tasks: readonly LsTask[],
    imageOf: ImageOf,
  ): Promise<LearnPredictions> {
    const backbone = this.need();
    // The family asks for an image's features; the reference it was read from keys the cache.
    const referenceOf = new WeakMap<RgbaImage, string>();
    // A task whose vector is kept is not fetched or decoded: the family gets
    // an empty stand-in (it only passes the image on to `features`), decoded
    // after all if the vector was dropped meanwhile.
    const standIns = new WeakSet<RgbaImage>();
    const features = async (image: RgbaImage): Promise<Float32Array> => {
      const reference = referenceOf.get(image);
      const key = reference === undefined ? undefined : featureKey(backbone, reference);
      const kept = key === undefined ? undefined : this.predicted.get(key);
      if (kept) return kept;
      const pixels = standIns.has(image) ? await imageOf(reference as string) : image;
      const vector = await backbone.features(pixels);
      if (key !== undefined) this.predicted.set(key, vector);
      return vector;
    };
    const imageFor = async (reference: string): Promise<RgbaImage> => {
      if (!this.predicted.has(featureKey(backbone, reference))) return imageOf(reference);
      const standIn: RgbaImage = { width: 0, height: 0, data: new Uint8Array(0) };
      standIns.add(standIn);
      return standIn;
    };
    const json: unknown = JSON.parse(head.fileText);
    const model = await openPackageModel(
      {
        name: head.fileName,
        listing: { files: [head.fileName], json: { [head.fileName]: json } },
        read: {
          bytes: async () => new TextEncoder().encode(head.fileText),
          text: async () => head.fileText,
        },
      },
      this.runtime(),
      { [IMAGE_FEATURES_OPTION]: { ref: backbone.ref, features } },
    );
    if (!model || model.family.id !== 'image-head') {
      await releaseModel(model);
      throw new Error(`${head.fileName} is not an image head`);
    }
    try {
      const target = imageChoicesTargetOf(
        model,
        config,
        head.control ? { name: head.control } : {},
      );
      const modelVersion = await imageHeadModelVersion(model, {
        fromName: target.fromName,
        toName: target.toName,
        mapping: target.mapping,
        conf: IMAGE_CHOICES_THRESHOLD,
        backbone: backbone.ref.sha256,
      });
      const dataKey = config.objects.find((o) => o.name === target.toName)?.dataKey ?? '';
      const settings = { config, target, modelVersion };
      const results = await predictMediaTasks(tasks, dataKey, 'image', async (task, reference) => {
        const image = await imageFor(reference);
        referenceOf.set(image, reference);
        return predictImageChoicesTask(model, task, image, settings);
      });
      return { modelVersion, results };
    } finally {
      await releaseModel(model);
    }
  }
}
