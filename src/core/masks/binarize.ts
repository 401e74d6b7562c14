// The on/off reading of a mask, shared by the brush encoder (results/mask-runs) and contours:
// integer data is on when nonzero, float data when > 0.5.
import type { BinaryMask } from '../results/mask-runs';

/** 1 where the mask is on, else 0; throws on a size that does not match the data. */
export function binarize(mask: BinaryMask): Uint8Array {
  const { width, height, data } = mask;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`invalid mask size ${width}x${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`mask data has ${data.length} values, expected ${width * height}`);
  }
  const on = new Uint8Array(data.length);
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) on[i] = (data[i] as number) > 0.5 ? 1 : 0;
  } else {
    for (let i = 0; i < data.length; i++) on[i] = data[i] !== 0 ? 1 : 0;
  }
  return on;
}
