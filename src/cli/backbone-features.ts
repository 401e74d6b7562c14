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
  release(): Promise<void>;
}

export type ImageInput = string | Buffer | RgbaImage;

function open(image: ImageInput): Sharp {
  if (typeof image === 'string' || Buffer.isBuffer(image)) return sharp(image).rotate();
  const { data, width, height } = image;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.length), {
    raw: { width, height, channels: 4 },
  });
}

/** RGB float tensor [1, 3, 224, 224], ImageNet-normalised. */
export async function imagenetTensor(image: ImageInput): Promise<ort.Tensor> {
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
  const plane = SIZE * SIZE;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      out[c * plane + p] =
        ((data[p * 3 + c] as number) / 255 - (MEAN[c] as number)) / (STD[c] as number);
    }
  }
  return new ort.Tensor('float32', out, [1, 3, SIZE, SIZE]);
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
    release: () => session.release(),
  };
}
