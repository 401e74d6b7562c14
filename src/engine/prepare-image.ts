// One task's image → what inference needs: the decoded pixels (OCR reads
// crops of them) or, for image models, only the input tensor and the sizes.
// Runs in the prep worker (prep-worker.ts), or in the engine worker when no
// nested worker can be made.

import type { ImageSizes } from '../models/predictor';
import { getFamily } from '../models/registry';
import type { ModelManifest, PreparedInput } from '../models/types';
import { MAX_DECODE_SIDE, decodeImage, type DecodedImage } from './decode-image';
import type { DecodeTarget } from './jpeg-scale';

/** What preprocessing needs to know of the loaded image model. */
export interface PrepareSpec {
  familyId: string;
  manifest: ModelManifest;
  inputName: string;
}

export type { ImageSizes };

export interface PreparedImage {
  input: PreparedInput;
  sizes: ImageSizes;
}

export function sizesOf(decoded: DecodedImage): ImageSizes {
  return {
    width: decoded.image.width,
    height: decoded.image.height,
    originalWidth: decoded.originalWidth,
    originalHeight: decoded.originalHeight,
  };
}

/** Tasks whose outputs are masks: their pixels are read back at the decoded size. */
const MASK_TASKS: ReadonlySet<ModelManifest['task']> = new Set(['segment', 'semantic']);

/** What the decoder may shrink to for this model's input (see DecodeTarget). */
export function decodeTargetOf(manifest: ModelManifest): DecodeTarget {
  return { ...manifest.preprocess, atInputScale: !MASK_TASKS.has(manifest.task) };
}

export async function prepareImage(
  blob: Blob,
  spec: PrepareSpec,
  reuse?: Float32Array,
): Promise<PreparedImage> {
  const decoded = await decodeImage(blob, MAX_DECODE_SIDE, decodeTargetOf(spec.manifest));
  const family = getFamily(spec.familyId);
  if (family.kind !== 'tensor') throw new Error(`${family.id} models read the decoded pixels`);
  const input = family.preprocess(decoded.image, spec.manifest, spec.inputName, reuse);
  return { input, sizes: sizesOf(decoded) };
}

/** The buffers a prepared input holds, to transfer instead of copying. */
export function inputBuffers(input: PreparedInput): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const feed of Object.values(input.feeds)) {
    if (feed.data.buffer instanceof ArrayBuffer) buffers.add(feed.data.buffer);
  }
  return [...buffers];
}
