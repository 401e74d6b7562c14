// Image files → RGBA as a browser displays them, in Node (CLI, tests, benches).
// Node-only: never import this from browser code.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbaImage } from '../types';
import { jpegFastPathBlocker } from './node-jpeg-fast-path';
import { decodeJpegWasm } from './node-jpeg-wasm';

const LIMIT = { limitInputPixels: 30_000 * 30_000 };

/** Which decoder gave an image's pixels (tests check the fast path is taken). */
export type ImageDecoder = 'mozjpeg-wasm' | 'sharp';

/**
 * Decodes an image (path or bytes) to RGBA with the EXIF orientation applied.
 * A small plain RGB JPEG (see `jpegFastPathBlocker`) goes to mozjpeg in WASM,
 * which gives sharp's bytes for a fraction of its CPU; everything else, and
 * any JPEG the WASM decoder throws or warns on, goes to sharp.
 */
export async function decodeImageRgba(input: string | Buffer): Promise<RgbaImage> {
  return (await decodeImageRgbaVia(input)).image;
}

/** `decodeImageRgba`, also telling which decoder gave the pixels. */
export async function decodeImageRgbaVia(
  input: string | Buffer,
): Promise<{ image: RgbaImage; decoder: ImageDecoder }> {
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  if (jpegFastPathBlocker(bytes) === undefined) {
    const image = await decodeJpegWasm(bytes);
    if (image) return { image, decoder: 'mozjpeg-wasm' };
  }
  return { image: await decodeWithSharp(bytes), decoder: 'sharp' };
}

/**
 * sharp's RGBA with the EXIF orientation applied. A path is read by Node
 * first: sharp decodes the same bytes, for less CPU per image than when
 * libvips opens the file itself. An 8-bit RGB result gets its opaque alpha
 * here, which costs less than libvips' band join (`ensureAlpha`) and gives
 * the same bytes; anything else (grey, 16-bit…) goes through `ensureAlpha`.
 */
async function decodeWithSharp(bytes: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(bytes, LIMIT)
    .rotate()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  // Raw output reports its sample format (missing from sharp's types); absent → the safe way.
  const depth = (info as { depth?: string }).depth;
  if (depth === 'uchar' && info.channels === 4) return { width, height, data: bytesOf(data) };
  if (depth === 'uchar' && info.channels === 3) return { width, height, data: withAlpha(data) };
  const rgba = await sharp(bytes, LIMIT)
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: rgba.info.width, height: rgba.info.height, data: bytesOf(rgba.data) };
}

const bytesOf = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

function withAlpha(rgb: Buffer): Uint8Array {
  const pixels = rgb.length / 3;
  const out = new Uint8Array(pixels * 4);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    out[j] = rgb[i * 3] as number;
    out[j + 1] = rgb[i * 3 + 1] as number;
    out[j + 2] = rgb[i * 3 + 2] as number;
    out[j + 3] = 255;
  }
  return out;
}

export function loadImageFile(path: string): Promise<RgbaImage> {
  return decodeImageRgba(path);
}
