// Blob → RGBA pixels inside the worker, oriented as browsers display the image
// (EXIF applied): Label Studio's coordinates are in that displayed frame.

import type { RgbaImage } from '../models/types';
import { decodeFailureMessage } from './decode-failure';
import { HEADER_BYTES, displayedSize, readImageHeader } from './image-header';

/** Longest side decoded; bigger images are downscaled while decoding. */
export const MAX_DECODE_SIDE = 4096;

export interface DecodedImage {
  /** Pixels, possibly downscaled. */
  image: RgbaImage;
  /** The displayed size of the original file: what percentages and original_width refer to. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * One canvas per worker, resized per image: a new canvas per task left its
 * pixel buffers to the garbage collector, thousands of times over a run. The
 * draw and read that use it are synchronous, so decodes cannot interleave.
 */
let shared: OffscreenCanvasRenderingContext2D | null = null;

function canvasOf(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!shared) {
    const context = new OffscreenCanvas(width, height).getContext('2d', {
      willReadFrequently: true,
    });
    if (!context) throw new Error('no 2D canvas in this worker');
    shared = context;
  }
  const { canvas } = shared;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  } else {
    shared.clearRect(0, 0, width, height);
  }
  return shared;
}

export async function decodeImage(blob: Blob, maxSide = MAX_DECODE_SIDE): Promise<DecodedImage> {
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  const header = readImageHeader(head);
  const shown = header ? displayedSize(header) : null;
  const options: ImageBitmapOptions = { imageOrientation: 'from-image' };
  if (shown && Math.max(shown.width, shown.height) > maxSide) {
    const scale = maxSide / Math.max(shown.width, shown.height);
    options.resizeWidth = Math.max(1, Math.round(shown.width * scale));
    options.resizeHeight = Math.max(1, Math.round(shown.height * scale));
    options.resizeQuality = 'high';
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, options);
  } catch {
    throw new Error(decodeFailureMessage(head, blob.size, header));
  }
  try {
    const resized = options.resizeWidth !== undefined && shown;
    const originalWidth = resized ? shown.width : bitmap.width;
    const originalHeight = resized ? shown.height : bitmap.height;
    // An unknown header means no resize was asked: shrink now if the image is huge.
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvasOf(width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    const { data } = context.getImageData(0, 0, width, height);
    return { image: { width, height, data }, originalWidth, originalHeight };
  } finally {
    bitmap.close();
  }
}
