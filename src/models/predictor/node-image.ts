// Image files → RGBA as a browser displays them, in Node (CLI, tests, benches).
// Node-only: never import this from browser code.
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbaImage } from '../types';

/**
 * Decodes an image (path or bytes) to RGBA with the EXIF orientation applied.
 * A path is read by Node first: sharp decodes the same bytes, for less CPU
 * per image than when libvips opens the file itself.
 */
export async function decodeImageRgba(input: string | Buffer): Promise<RgbaImage> {
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  const { data, info } = await sharp(bytes, { limitInputPixels: 30_000 * 30_000 })
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
