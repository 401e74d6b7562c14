// Brush results (fact sheet §4): the mask becomes an RGBA image of the ORIGINAL size with
// R=G=B=A=255 on mask pixels (the editor paints where alpha > 0), encoded with
// @thi.ng/rle-pack's format (`encode(rgba, rgba.length)`, word size 8, runs [3,4,8,16]).

import { decode, encode } from '@thi.ng/rle-pack';
import type { LsResult } from './types';
import type { ControlIdentity } from './geometry';
import { assertImageSize, imageResultBase, labeledType } from './geometry';
import type { BinaryMask, MaskPlacement } from './mask-runs';
import { forEachMaskRun } from './mask-runs';
import { RlePackRunWriter } from './rle-pack-writer';

export type { BinaryMask, MaskPlacement } from './mask-runs';

export interface BrushInput extends ControlIdentity {
  id: string;
  /** Absent → type `brush` (`<Brush>`), present → `brushlabels`. */
  labels?: string[];
  /** Covers the whole image (any resolution, up-sampled nearest-neighbour) unless placed. */
  mask: BinaryMask;
  /** Places the mask in a box of the image (original pixels); parts outside are dropped. */
  placement?: MaskPlacement;
  imageWidth: number;
  imageHeight: number;
  score?: number;
}

/** RLE bytes of the image-sized RGBA mask, identical to rle-pack's `encode`. Null if empty. */
export function encodeMaskRle(
  mask: BinaryMask,
  imageWidth: number,
  imageHeight: number,
  placement?: MaskPlacement,
): Uint8Array | null {
  assertImageSize(imageWidth, imageHeight);
  if (!(Number.isInteger(imageWidth) && Number.isInteger(imageHeight))) {
    throw new RangeError(
      `brush masks need whole-pixel image sizes, got ${imageWidth}x${imageHeight}`,
    );
  }
  const writer = new RlePackRunWriter(imageWidth * imageHeight * 4);
  const onCount = forEachMaskRun(mask, imageWidth, imageHeight, placement, (on, length) =>
    writer.push(on ? 255 : 0, length * 4),
  );
  const bytes = writer.finish();
  return onCount > 0 ? bytes : null;
}

/** The reference path: rle-pack's own encoder over a full RGBA buffer. Slow on big images. */
export function encodeRgbaRle(rgba: Uint8Array | Uint8ClampedArray): number[] {
  return Array.from(encode(rgba, rgba.length));
}

/** Decodes rle-pack bytes (as stored in `value.rle`) back to the RGBA buffer. */
export function decodeRle(rle: readonly number[] | Uint8Array): Uint8Array {
  const out = decode(rle instanceof Uint8Array ? rle : Uint8Array.from(rle));
  if (!(out instanceof Uint8Array)) throw new Error('RLE word size is not 8 bits');
  return out;
}

/** Brush result; null when no mask pixel falls inside the image. */
export function brushResult(input: BrushInput): LsResult | null {
  const { imageWidth: W, imageHeight: H } = input;
  const bytes = encodeMaskRle(input.mask, W, H, input.placement);
  if (!bytes) return null;
  const value: Record<string, unknown> = { format: 'rle', rle: Array.from(bytes) };
  if (input.labels) value.brushlabels = [...input.labels];
  return {
    ...imageResultBase(input.id, input, labeledType('brush', input.labels), W, H, input.score),
    value,
  };
}
