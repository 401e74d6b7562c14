// Runs a model family with onnxruntime-node (CLI, integration tests, benches).
// Node-only: never import this from browser code.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type {
  Candidate,
  DecodeOptions,
  ModelFamily,
  ModelManifest,
  RgbaImage,
  TensorData,
} from './types';
import { getFamily, manifestForBareModel } from './registry';
import { inspectModelIO } from './shared/model-io';
import { readOnnxMetadata } from './shared/onnx-metadata';

/** Decodes an image (path or bytes) to RGBA as a browser displays it (EXIF orientation applied). */
export async function decodeImageRgba(input: string | Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(input, { limitInputPixels: 30_000 * 30_000 })
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

export function loadImageFile(path: string): Promise<RgbaImage> {
  return decodeImageRgba(path);
}

export interface LoadedModel {
  session: ort.InferenceSession;
  family: ModelFamily;
  manifest: ModelManifest;
}

/**
 * Opens an .onnx file; without a manifest, the family and manifest are
 * guessed from the file's metadata and shapes (throws ModelLayoutError when
 * the layout is unknown).
 */
export async function loadModelFile(path: string, manifest?: ModelManifest): Promise<LoadedModel> {
  const bytes = new Uint8Array(await readFile(path));
  const session = await ort.InferenceSession.create(bytes);
  const resolved =
    manifest ??
    manifestForBareModel(inspectModelIO(session), readOnnxMetadata(bytes), basename(path));
  return { session, family: getFamily(resolved.family), manifest: resolved };
}

function toTensorData(tensor: ort.Tensor): TensorData {
  const { type, data, dims } = tensor;
  if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
    throw new Error(`unsupported output tensor type ${type}`);
  }
  return { type, data: data as TensorData['data'], dims: [...dims] };
}

/** preprocess → session.run → decode for one image. */
export async function runDetection(
  session: ort.InferenceSession,
  family: ModelFamily,
  manifest: ModelManifest,
  image: RgbaImage,
  options: DecodeOptions = manifest.defaults,
): Promise<Candidate[]> {
  const inputName = session.inputNames[0];
  if (inputName === undefined) throw new Error('the model has no input');
  const { feeds, transform } = family.preprocess(image, manifest, inputName);
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds))
    ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  const results = await session.run(ortFeeds);
  const outputs: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(results)) outputs[name] = toTensorData(t);
  return family.decode(outputs, transform, manifest, options);
}
