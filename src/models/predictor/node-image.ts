// Image files → RGBA as a browser displays them, in Node (CLI, tests, benches).
// Node-only: never import this from browser code.
import sharp from 'sharp';
import type { RgbaImage } from '../types';

/** Decodes an image (path or bytes) to RGBA with the EXIF orientation applied. */
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
