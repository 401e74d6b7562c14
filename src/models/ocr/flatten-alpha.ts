import type { RgbaImage } from '../types';

/**
 * The image composited onto white. Transparent pixels decode as black, which
 * would hide dark text on a transparent background (logos, scans exported as
 * PNG). Returns the same object when every pixel is already opaque.
 */
export function flattenOnWhite(image: RgbaImage): RgbaImage {
  const { data } = image;
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  if (opaque) return image;
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]! / 255;
    const white = 255 * (1 - a);
    out[i] = data[i]! * a + white;
    out[i + 1] = data[i + 1]! * a + white;
    out[i + 2] = data[i + 2]! * a + white;
    out[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data: out };
}
