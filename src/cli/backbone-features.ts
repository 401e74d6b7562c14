// Image features from a backbone on onnxruntime-node: the classifier cut to
// its pooled penultimate output (src/learn/backbone), the ImageNet input made
// by the runtime-neutral code the engine worker uses too
// (models/image-head/backbone.ts: short side 256, centre crop 224, mean/std).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { BackboneRef } from '../learn';
import type { RgbaImage, TensorData } from '../models/types';
import { backboneInput } from '../models/image-head/backbone';
import { decodeImageRgba } from '../models/predictor/node-image';
import { exposeFeatures, FEATURE_OUTPUT } from '../learn/backbone/expose-features';

export interface Backbone {
  ref: BackboneRef;
  /** How the features were found (for messages). */
  producer: string;
  dequantized: boolean;
  /** The feature vector of one image: a file, encoded bytes, or decoded RGBA. */
  features(image: ImageInput): Promise<Float32Array>;
  /** The two halves of `features`, to prepare the next image while one runs. */
  prepare(image: ImageInput): Promise<ort.Tensor>;
  run(tensor: ort.Tensor): Promise<Float32Array>;
  /**
   * Batches ([N, 3, 224, 224], one session.run for N images): the images are
   * decoded in parallel (sharp's threads); an image that cannot be read gets
   * its Error in place of a vector and the others go on.
   */
  prepareBatch(images: readonly ImageInput[]): Promise<PreparedBatch>;
  runBatch(batch: PreparedBatch): Promise<(Float32Array | Error)[]>;
  release(): Promise<void>;
}

export interface PreparedBatch {
  /** The readable images' pixels, in order; null when none was readable. */
  tensor: ort.Tensor | null;
  /** Per image: null when it is in the tensor, else why not. */
  errors: (Error | null)[];
}

export type ImageInput = string | Buffer | RgbaImage;

/** A file or encoded bytes decoded as every CLI image is (EXIF applied); pixels as they are. */
function rgbaOf(image: ImageInput): Promise<RgbaImage> {
  if (typeof image === 'string' || Buffer.isBuffer(image)) return decodeImageRgba(image);
  return Promise.resolve(image);
}

function ortTensor(t: TensorData): ort.Tensor {
  return new ort.Tensor('float32', t.data as Float32Array, t.dims);
}

/** RGB float tensor [1, 3, 224, 224], ImageNet-normalised (the engine worker's code). */
export async function imagenetTensor(image: ImageInput): Promise<ort.Tensor> {
  return ortTensor(backboneInput([await rgbaOf(image)]));
}

async function batchTensor(images: readonly ImageInput[]): Promise<PreparedBatch> {
  const decoded = await Promise.allSettled(images.map((image) => rgbaOf(image)));
  const good = decoded.flatMap((d) => (d.status === 'fulfilled' ? [d.value] : []));
  const errors = decoded.map((d) =>
    d.status === 'fulfilled'
      ? null
      : d.reason instanceof Error
        ? d.reason
        : new Error(String(d.reason)),
  );
  if (good.length === 0) return { tensor: null, errors };
  return { tensor: ortTensor(backboneInput(good)), errors };
}

/**
 * What a backbone file's features are (its ref, the pooling op) without
 * opening a session: checks a `--backbone` before a server starts, and names
 * the backbone of a head whose features were all cached.
 */
export async function readBackboneRef(
  path: string,
): Promise<Pick<Backbone, 'ref' | 'producer' | 'dequantized'>> {
  const bytes = await readFile(path);
  const exposed = exposeFeatures(new Uint8Array(bytes), basename(path));
  return {
    ref: { sha256: sha256Of(bytes), output: exposed.source, name: basename(path) },
    producer: exposed.producer,
    dequantized: exposed.dequantized,
  };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export async function openBackbone(path: string, output?: string): Promise<Backbone> {
  const bytes = await readFile(path);
  const exposed = exposeFeatures(new Uint8Array(bytes), basename(path), output);
  const session = await ort.InferenceSession.create(exposed.bytes);
  const input = session.inputNames[0] as string;
  const run = async (tensor: ort.Tensor): Promise<Float32Array> => {
    const result = await session.run({ [input]: tensor }, [FEATURE_OUTPUT]);
    return Float32Array.from((result[FEATURE_OUTPUT] as ort.Tensor).data as Float32Array);
  };
  const runBatch = async (batch: PreparedBatch): Promise<(Float32Array | Error)[]> => {
    const out: (Float32Array | Error)[] = [];
    if (!batch.tensor) return batch.errors.map((e) => e as Error);
    const result = await session.run({ [input]: batch.tensor }, [FEATURE_OUTPUT]);
    const data = (result[FEATURE_OUTPUT] as ort.Tensor).data as Float32Array;
    const dimension = data.length / (batch.tensor.dims[0] as number);
    let k = 0;
    for (const error of batch.errors) {
      out.push(error ?? data.slice(k * dimension, (k + 1) * dimension));
      if (!error) k++;
    }
    return out;
  };
  return {
    ref: {
      sha256: sha256Of(bytes),
      output: exposed.source,
      name: basename(path),
    },
    producer: exposed.producer,
    dequantized: exposed.dequantized,
    features: async (image) => run(await imagenetTensor(image)),
    prepare: imagenetTensor,
    run,
    prepareBatch: batchTensor,
    runBatch,
    release: () => session.release(),
  };
}
