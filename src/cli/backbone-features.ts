// Image features from a backbone on onnxruntime-node: the classifier cut to
// its pooled penultimate output (src/learn/backbone), the ImageNet input made
// by the runtime-neutral code the engine worker uses too
// (models/image-head/backbone.ts: short side 256, centre crop 224, mean/std).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { BackboneRef } from '../learn';
import type { RgbaImage, TensorData } from '../models/types';
import {
  BACKBONE_INPUT,
  BACKBONE_PER_IMAGE,
  backboneInput,
  backboneInputAt,
} from '../models/image-head/backbone';
import { decodeImageRgba } from '../models/predictor/node-image';
import { exposeFeatures, FEATURE_OUTPUT } from '../learn/backbone/expose-features';
import { openSessionPool } from './ort-session-thread';

export interface Backbone {
  ref: BackboneRef;
  /** How the features were found (for messages). */
  producer: string;
  dequantized: boolean;
  /** The feature vector of one image: a file, encoded bytes, or decoded RGBA. */
  features(image: ImageInput): Promise<Float32Array>;
  /**
   * Batches ([N, 3, 224, 224], one session.run for N images): the images are
   * decoded two at a time and preprocessed as they land; an image that
   * cannot be read gets its Error in place of a vector and the others go on.
   * A batch runs once (runBatch then reuses its buffer for a later batch).
   */
  prepareBatch(images: readonly ImageInput[]): Promise<PreparedBatch>;
  /** Batches that run at once (runBatch calls beyond it wait for a session). */
  lanes: number;
  runBatch(batch: PreparedBatch): Promise<(Float32Array | Error)[]>;
  release(): Promise<void>;
}

export interface PreparedBatch {
  /**
   * The readable images' pixels, in order; null when none was readable, and
   * once runBatch has taken it (its buffer is then reused).
   */
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

/** Images decoded at once while a batch is prepared (see batchTensor). */
const DECODE_LANES = 2;

/**
 * Decodes and preprocesses the images straight into one batch buffer, each
 * as soon as it and those before it are decoded (the tensor keeps the input
 * order). The previous batch runs meanwhile, with ORT's threads on the same
 * cores: a whole batch decoded at once costs more CPU per image (sharp's
 * threads contend) than two at a time, and CPU is what the pipeline is short
 * of. `buffer` is a free batch buffer to fill, if any.
 */
async function batchTensor(
  images: readonly ImageInput[],
  buffer?: Float32Array,
): Promise<PreparedBatch> {
  const size = images.length * BACKBONE_PER_IMAGE;
  const data = buffer?.length === size ? buffer : new Float32Array(size);
  const errors: (Error | null)[] = images.map(() => null);
  const decoded: (RgbaImage | undefined)[] = [];
  let written = 0;
  let k = 0;
  const drain = () => {
    for (; written < images.length; written++) {
      if (errors[written]) continue;
      const image = decoded[written];
      if (!image) return;
      backboneInputAt(image, data, k++);
      decoded[written] = undefined;
    }
  };
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < images.length; i = next++) {
      try {
        decoded[i] = await rgbaOf(images[i] as ImageInput);
      } catch (e) {
        errors[i] = e instanceof Error ? e : new Error(String(e));
      }
      drain();
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODE_LANES, images.length) }, lane));
  if (k === 0) return { tensor: null, errors };
  const used = k === images.length ? data : data.subarray(0, k * BACKBONE_PER_IMAGE);
  const { width, height } = BACKBONE_INPUT;
  return { tensor: new ort.Tensor('float32', used, [k, 3, height, width]), errors };
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

/**
 * Every backbone session's options (the bench's bare run uses them too): one
 * intra-op thread each, as many sessions as cores (BACKBONE_LANES), each
 * batch on one. Measured on 2 cores, batches of 8 (bare runs): two
 * one-thread sessions side by side do 640–670 images/s at 2.8 ms of CPU an
 * image, one two-thread session 540–660/s at 2.8–3.4 ms. ORT's default
 * thread count is no help: it comes from its own CPU probe, which on this
 * machine (AMD EPYC, 2 cores) picked one thread (≈380/s). Threads sleep
 * instead of spinning between parallel sections, as the next batch is
 * decoded on the same cores.
 */
export const BACKBONE_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
};

/**
 * Backbone batches that run at once (one session thread each): one per core,
 * at most 4. One thread prepares every batch (about 1 ms of CPU an image
 * against the session's 2.7), so it cannot keep more than 3–4 sessions busy,
 * and each session thread holds its own copy of the model and ORT's arenas.
 */
export const BACKBONE_LANES = Math.min(availableParallelism(), 4);

export async function openBackbone(path: string, output?: string): Promise<Backbone> {
  const bytes = await readFile(path);
  const exposed = exposeFeatures(new Uint8Array(bytes), basename(path), output);
  // Sessions in threads of their own, so batches run side by side and the
  // next is prepared meanwhile.
  const session = await openSessionPool(exposed.bytes, BACKBONE_SESSION_OPTIONS, BACKBONE_LANES);
  const input = session.inputNames[0] as string;
  const run = async (tensor: ort.Tensor): Promise<Float32Array> => {
    const data = tensor.data as Float32Array;
    return (await session.run(input, data, tensor.dims, FEATURE_OUTPUT)).output;
  };
  // Batch buffers whose run is over, filled again by the next prepareBatch:
  // a fresh 4.8 MB buffer per batch of 8 costs more CPU (page faults, GC)
  // than its preprocessing saves. One per lane and one being prepared.
  const free: Float32Array[] = [];
  const prepareBatch = (images: readonly ImageInput[]) => batchTensor(images, free.pop());
  const runBatch = async (batch: PreparedBatch): Promise<(Float32Array | Error)[]> => {
    const out: (Float32Array | Error)[] = [];
    if (!batch.tensor) {
      if (batch.errors.some((e) => !e)) throw new Error('this batch has been run already');
      return batch.errors as Error[];
    }
    const tensor = batch.tensor;
    // A batch runs once: its buffer is handed on for reuse after the run.
    batch.tensor = null;
    const ran = await session.run(input, tensor.data as Float32Array, tensor.dims, FEATURE_OUTPUT);
    if (free.length <= session.size) free.push(ran.input);
    const data = ran.output;
    const dimension = data.length / (tensor.dims[0] as number);
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
    prepareBatch,
    lanes: session.size,
    runBatch,
    release: () => session.release(),
  };
}
