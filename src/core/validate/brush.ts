// Brush masks (fact sheet §4): @thi.ng/rle-pack bit stream of the whole
// image's RGBA buffer. A mask sized for another image crashes drawing of ALL
// masks of the prediction, so the element count is checked exactly.

import { decode } from '@thi.ng/rle-pack';
import { isInteger, show, type JsonObject } from './values';
import type { ImageSize } from './geometry';

type Fail = (message: string) => void;

/** 32-bit count + 5-bit word size + four 4-bit run sizes = 53 bits. */
const HEADER_BYTES = 7;

/**
 * Decoding proves the stream is complete, but allocates one byte per element:
 * above this many elements (a ~4000x4000 image) only the header is checked.
 */
export const MAX_DECODE_ELEMENTS = 64 * 1024 * 1024;

/** Element count from the header: the first 4 bytes, big-endian. */
export function rleElementCount(rle: readonly number[]): number {
  return (
    (rle[0] ?? 0) * 0x1000000 + (rle[1] ?? 0) * 0x10000 + (rle[2] ?? 0) * 0x100 + (rle[3] ?? 0)
  );
}

export function checkBrush(
  value: JsonObject,
  fail: Fail,
  size: ImageSize | undefined,
  where = 'value',
): void {
  if (value['format'] !== 'rle') {
    fail(`${where}.format must be "rle", got ${show(value['format'])}`);
  }
  const rle = value['rle'];
  if (!Array.isArray(rle)) {
    fail(
      `${where}.rle must be a list of bytes (0..255) from @thi.ng/rle-pack encode, got ${show(rle)}`,
    );
    return;
  }
  const bad = rle.findIndex((b) => !isInteger(b) || b < 0 || b > 255);
  if (bad >= 0) {
    fail(
      `${where}.rle[${bad}] = ${show(rle[bad])} is not a byte: every entry must be an integer 0..255`,
    );
    return;
  }
  const bytes = rle as number[];
  if (bytes.length < HEADER_BYTES) {
    fail(
      `${where}.rle has ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte RLE header`,
    );
    return;
  }
  const wordSize = ((bytes[4] ?? 0) >> 3) + 1;
  if (wordSize !== 8) {
    fail(
      `${where}.rle was encoded with word size ${wordSize}: encode the RGBA bytes with ` +
        `@thi.ng/rle-pack encode(rgba, rgba.length) (default word size 8)`,
    );
    return;
  }
  const count = rleElementCount(bytes);
  if (size) {
    const expected = size.width * size.height * 4;
    if (count !== expected) {
      const hint =
        count === size.width * size.height
          ? ' (that is one value per pixel: encode the RGBA buffer, 4 bytes per pixel)'
          : ' (a mask for another image size breaks drawing of every mask in the prediction)';
      fail(
        `${where}.rle encodes ${count} values but original_width*original_height*4 = ` +
          `${size.width}*${size.height}*4 = ${expected}${hint}`,
      );
      return;
    }
  }
  if (count > MAX_DECODE_ELEMENTS) return;
  let decoded: ArrayLike<number>;
  try {
    decoded = decode(Uint8Array.from(bytes));
  } catch {
    fail(`${where}.rle is truncated or corrupt: @thi.ng/rle-pack cannot decode it`);
    return;
  }
  let maxAlpha = 0;
  for (let i = 3; i < decoded.length; i += 4) {
    const a = decoded[i] ?? 0;
    if (a > maxAlpha) maxAlpha = a;
  }
  if (maxAlpha === 0) {
    fail(`${where}.rle decodes to an empty mask (every alpha is 0): drop the region instead`);
  } else if (maxAlpha === 1) {
    fail(
      `${where}.rle mask uses alpha 1: write 255 into the mask pixels (R=G=B=A=255), ` +
        `a 0/1 mask is nearly invisible in the editor`,
    );
  }
}
