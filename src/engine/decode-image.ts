// Blob → RGBA pixels inside the worker, oriented as browsers display the image
// (EXIF applied): Label Studio's coordinates are in that displayed frame.

import type { RgbaImage } from '../models/types';
import { decodeFailureMessage } from './decode-failure';
import { HEADER_BYTES, displayedSize, readImageHeader, type ImageHeader } from './image-header';
import {
  jpegEighths,
  neededScale,
  readBackSize,
  scaledJpegSize,
  type DecodeTarget,
} from './jpeg-scale';

/** Longest side decoded; bigger images are downscaled while decoding. */
export const MAX_DECODE_SIDE = 4096;

/** Scaled JPEG decodes are used down from 4/8 (half size) of the stored size. */
const MAX_SCALED_EIGHTHS = 4;

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

/** Draws `source` at width × height on the shared canvas and reads the pixels back. */
function pixelsOf(source: CanvasImageSource, width: number, height: number) {
  const context = canvasOf(width, height);
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}

/** EXIF orientations that are pure turns, and the VideoFrame rotation that shows them. */
const TURN_OF_ORIENTATION: Record<number, number> = { 1: 0, 3: 180, 6: 90, 8: 270 };

/**
 * A JPEG decoded at k/8 of its size (WebCodecs ImageDecoder), when that is
 * still at least what the model input needs. Chromium's decoder marks an
 * EXIF-turned JPEG's frame with its rotation and drawImage applies it; a
 * browser that does not (or a mirrored orientation) gets null, as does one
 * without ImageDecoder: the caller then decodes as usual.
 */
async function decodeJpegScaled(
  blob: Blob,
  header: ImageHeader | null,
  target: DecodeTarget | undefined,
  maxSide: number,
): Promise<DecodedImage | null> {
  if (!target || header?.format !== 'jpeg' || typeof ImageDecoder === 'undefined') return null;
  const turn = TURN_OF_ORIENTATION[header.orientation];
  if (turn === undefined) return null;
  const shown = displayedSize(header);
  const needed = neededScale(target, shown.width, shown.height);
  const eighths = jpegEighths(needed);
  const asked = scaledJpegSize(header.width, header.height, eighths);
  // Under half size the decoder's generic scaling saves little over a full decode.
  if (eighths > MAX_SCALED_EIGHTHS || Math.max(asked.width, asked.height) > maxSide) return null;
  let decoder: ImageDecoder | undefined;
  let frame: VideoFrame | undefined;
  try {
    decoder = new ImageDecoder({
      type: 'image/jpeg',
      data: await blob.arrayBuffer(),
      desiredWidth: asked.width,
      desiredHeight: asked.height,
    });
    frame = (await decoder.decode()).image;
    const { rotation = 0, flip = false } = frame as VideoFrame & {
      rotation?: number;
      flip?: boolean;
    };
    if (rotation !== turn || flip) return null;
    const width = frame.displayWidth;
    const height = frame.displayHeight;
    // A decoder that went smaller than asked would cost accuracy: decode as usual.
    if (width < shown.width * needed - 1 || height < shown.height * needed - 1) return null;
    const size = readBackSize(width, height, target);
    const data = pixelsOf(frame, size.width, size.height);
    return {
      image: { ...size, data },
      originalWidth: shown.width,
      originalHeight: shown.height,
    };
  } catch {
    return null;
  } finally {
    frame?.close();
    decoder?.close();
  }
}

/**
 * `target`: the model input the pixels are for, when they are only for that
 * (a large JPEG is then decoded at a fraction of its size); none for full pixels.
 */
export async function decodeImage(
  blob: Blob,
  maxSide = MAX_DECODE_SIDE,
  target?: DecodeTarget,
): Promise<DecodedImage> {
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  const header = readImageHeader(head);
  const scaled = await decodeJpegScaled(blob, header, target, maxSide);
  if (scaled) return scaled;
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
    const size = readBackSize(
      Math.max(1, Math.round(bitmap.width * scale)),
      Math.max(1, Math.round(bitmap.height * scale)),
      target,
    );
    const data = pixelsOf(bitmap, size.width, size.height);
    return { image: { ...size, data }, originalWidth, originalHeight };
  } finally {
    bitmap.close();
  }
}
