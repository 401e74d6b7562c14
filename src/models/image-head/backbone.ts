// A backbone's pooled features on any ONNX runtime: the classifier cut to its
// penultimate pooled output (src/learn/backbone), the ImageNet input made by
// the shared preprocessing (short side 256, centre 224, mean/std, bilinear).
// The CLI (onnxruntime-node), the engine worker (onnxruntime-web) and the
// tests all make the input here, so the same pixels give the same features.
import { exposeFeatures, FEATURE_OUTPUT } from '../../learn/backbone/expose-features';
import type { BackboneRef } from '../../learn/head';
import { modelBytesHash } from '../../core/predict/model-version';
import type { OnnxRuntime } from '../predictor/runtime';
import { imagenetPreprocess } from '../shared/imagenet';
import type { ImageFeatureSource } from '../shared/image-features';
import { preprocessImage } from '../shared/preprocess';
import type { RgbaImage, TensorData } from '../types';

/** What every backbone reads: 224 × 224 RGB, ImageNet mean/std, NCHW. */
export const BACKBONE_INPUT = imagenetPreprocess(224, 224, 'NCHW');
/** Images per backbone session.run, in the worker, the CLI and the server alike. */
export const BACKBONE_BATCH = 8;
/** Floats per image in a backbone batch. */
export const BACKBONE_PER_IMAGE = 3 * BACKBONE_INPUT.width * BACKBONE_INPUT.height;

/** The images as one float tensor [N, 3, 224, 224]. */
export function backboneInput(images: readonly RgbaImage[]): TensorData {
  const data = new Float32Array(images.length * BACKBONE_PER_IMAGE);
  images.forEach((image, k) => backboneInputAt(image, data, k));
  const { width, height } = BACKBONE_INPUT;
  return { type: 'float32', data, dims: [images.length, 3, height, width] };
}

/** Writes `image` as the `k`-th item of a batch buffer (no per-image copy). */
export function backboneInputAt(image: RgbaImage, batch: Float32Array, k: number): void {
  const at = k * BACKBONE_PER_IMAGE;
  preprocessImage(image, BACKBONE_INPUT, batch.subarray(at, at + BACKBONE_PER_IMAGE));
}

/** The feature vectors of a batch's output, one per image. */
export function splitFeatures(output: TensorData, count: number): Float32Array[] {
  const data = output.data as Float32Array;
  const dimension = data.length / Math.max(1, count);
  return Array.from({ length: count }, (_, k) =>
    Float32Array.from(data.subarray(k * dimension, (k + 1) * dimension)),
  );
}

export interface OpenedBackbone extends ImageFeatureSource {
  /** The op whose output the features are (for messages). */
  producer: string;
  dequantized: boolean;
  /** One session.run for the batch. */
  featuresOf(images: readonly RgbaImage[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/**
 * Opens `bytes` (an ImageNet-style classifier ONNX named `name`) as a
 * backbone on `runtime`. Throws naming the file when its pooled output cannot
 * be found (exposeFeatures' message).
 */
export async function openBackboneFeatures(
  bytes: Uint8Array,
  name: string,
  runtime: OnnxRuntime,
): Promise<OpenedBackbone> {
  const exposed = exposeFeatures(bytes, name);
  const sha256 = await modelBytesHash(bytes);
  const session = await runtime.createSession(exposed.bytes, name, async () => undefined);
  const input = session.inputNames[0];
  if (!input) {
    await session.release();
    throw new Error(`${name}: the model has no input`);
  }
  const featuresOf = async (images: readonly RgbaImage[]): Promise<Float32Array[]> => {
    if (images.length === 0) return [];
    const outputs = await session.run({ [input]: backboneInput(images) });
    const features = outputs[FEATURE_OUTPUT];
    if (!features) throw new Error(`${name}: the cut model gave no ${FEATURE_OUTPUT} output`);
    return splitFeatures(features, images.length);
  };
  const ref: BackboneRef = { sha256, output: exposed.source, name };
  return {
    ref,
    producer: exposed.producer,
    dequantized: exposed.dequantized,
    featuresOf,
    features: async (image) => (await featuresOf([image]))[0] as Float32Array,
    release: () => session.release(),
  };
}
