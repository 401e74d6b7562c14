// Image features from a backbone on onnxruntime-node: the classifier cut to
// its pooled penultimate output (src/learn/backbone), ImageNet preprocessing
// (short side 256, centre crop 224, RGB / 255, mean/std), one vector per image.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp, { type Sharp } from 'sharp';
import type { BackboneRef } from '../learn';
import type { RgbaImage } from '../models/types';
import { exposeFeatures, FEATURE_OUTPUT } from '../learn/backbone/expose-features';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
const SIZE = 224;

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

function open(image: ImageInput): Sharp {
  if (typeof image === 'string' || Buffer.isBuffer(image)) return sharp(image).rotate();
  const { data, width, height } = image;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.length), {
    raw: { width, height, channels: 4 },
  });
}

const PLANE = SIZE * SIZE;

/** RGB float tensor [1, 3, 224, 224], ImageNet-normalised. */
export async function imagenetTensor(image: ImageInput): Promise<ort.Tensor> {
  const out = new Float32Array(3 * PLANE);
  normalise(await imagenetPixels(image), out, 0);
  return new ort.Tensor('float32', out, [1, 3, SIZE, SIZE]);
}

/** RGB / 255, mean/std, HWC bytes to CHW floats at `offset`. */
function normalise(data: Uint8Array, out: Float32Array, offset: number): void {
  for (let c = 0; c < 3; c++) {
    const mean = MEAN[c] as number;
    const scale = 1 / (255 * (STD[c] as number));
    const shift = mean / (STD[c] as number);
    const base = offset + c * PLANE;
    for (let p = 0; p < PLANE; p++) out[base + p] = (data[p * 3 + c] as number) * scale - shift;
  }
}

async function batchTensor(images: readonly ImageInput[]): Promise<PreparedBatch> {
  const decoded = await Promise.allSettled(images.map((image) => imagenetPixels(image)));
  const good = decoded.filter((d) => d.status === 'fulfilled');
  const errors = decoded.map((d) =>
    d.status === 'fulfilled'
      ? null
      : d.reason instanceof Error
        ? d.reason
        : new Error(String(d.reason)),
  );
  if (good.length === 0) return { tensor: null, errors };
  const out = new Float32Array(good.length * 3 * PLANE);
  good.forEach((d, k) => normalise(d.value, out, k * 3 * PLANE));
  return { tensor: new ort.Tensor('float32', out, [good.length, 3, SIZE, SIZE]), errors };
}

/** Short side to 256, centre 224 × 224, RGB bytes (HWC). */
async function imagenetPixels(image: ImageInput): Promise<Uint8Array> {
  const meta = await open(image).metadata();
  const w = meta.autoOrient?.width ?? meta.width ?? SIZE;
  const h = meta.autoOrient?.height ?? meta.height ?? SIZE;
  const scale = 256 / Math.min(w, h);
  const rw = Math.max(SIZE, Math.round(w * scale));
  const rh = Math.max(SIZE, Math.round(h * scale));
  const { data } = await open(image)
    .removeAlpha()
    .resize(rw, rh, { fit: 'fill' })
    .extract({ left: (rw - SIZE) >> 1, top: (rh - SIZE) >> 1, width: SIZE, height: SIZE })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}

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
      sha256: createHash('sha256').update(bytes).digest('hex'),
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
