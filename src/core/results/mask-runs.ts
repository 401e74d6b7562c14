// Turns a binary mask (any resolution, optionally placed in a box) into the pixel runs
// of the full original-size image, row-major, nearest-neighbour sampled. Works per row
// on runs, so cost is O(mask pixels + image rows × runs per row), not O(image pixels).

import { binarize } from '../masks/binarize';

/** One-channel mask; a pixel is on when nonzero (integer data) or > 0.5 (float data). */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/** Where the mask lies in the image, in original pixels (rounded to whole pixels). */
export interface MaskPlacement {
  x: number;
  y: number;
  /** Default: the mask's own width (no scaling). */
  width?: number;
  /** Default: the mask's own height. */
  height?: number;
}

/** Receives runs of `length` pixels that are all on or all off. */
export type RunSink = (on: boolean, length: number) => void;

/** Source index for each of `targetSize` cells: nearest neighbour by cell centre. */
function nearestMap(targetSize: number, sourceSize: number): Int32Array {
  const map = new Int32Array(targetSize);
  const scale = sourceSize / targetSize;
  for (let i = 0; i < targetSize; i++) {
    map[i] = Math.min(sourceSize - 1, Math.floor((i + 0.5) * scale));
  }
  return map;
}

/**
 * Feeds `sink` the runs of the whole `imageWidth`×`imageHeight` image (pixels outside the
 * placed mask are off). Returns the number of on pixels.
 */
export function forEachMaskRun(
  mask: BinaryMask,
  imageWidth: number,
  imageHeight: number,
  placement: MaskPlacement | undefined,
  sink: RunSink,
): number {
  const on = binarize(mask);
  const bx = Math.round(placement?.x ?? 0);
  const by = Math.round(placement?.y ?? 0);
  const bw = Math.max(1, Math.round(placement ? (placement.width ?? mask.width) : imageWidth));
  const bh = Math.max(1, Math.round(placement ? (placement.height ?? mask.height) : imageHeight));
  if (![bx, by, bw, bh].every(Number.isFinite)) throw new RangeError('invalid mask placement');

  // Visible part of the box, in image columns/rows.
  const x0 = Math.max(0, bx);
  const x1 = Math.min(imageWidth, bx + bw);
  const y0 = Math.max(0, by);
  const y1 = Math.min(imageHeight, by + bh);
  const visible = x1 > x0 && y1 > y0;
  const cols = visible ? nearestMap(bw, mask.width).subarray(x0 - bx, x1 - bx) : new Int32Array(0);
  const rows = visible ? nearestMap(bh, mask.height).subarray(y0 - by, y1 - by) : new Int32Array(0);

  // Runs of the current source row, across the full image width; reused while the
  // nearest-neighbour row map repeats the same source row.
  const runOn = new Uint8Array(imageWidth);
  const runLen = new Int32Array(imageWidth);
  let runCount = 0;
  let cachedRow = -1;
  let rowOnPixels = 0;
  let total = 0;

  for (let y = 0; y < imageHeight; y++) {
    if (!visible || y < y0 || y >= y1) {
      sink(false, imageWidth);
      continue;
    }
    const srcRow = rows[y - y0] as number;
    if (srcRow !== cachedRow) {
      cachedRow = srcRow;
      rowOnPixels = 0;
      runCount = 0;
      let cur = 0;
      let len = x0; // off pixels left of the box
      const base = srcRow * mask.width;
      for (let i = 0; i < cols.length; i++) {
        const v = on[base + (cols[i] as number)] as number;
        if (v === cur) {
          len++;
        } else {
          if (len > 0) {
            runOn[runCount] = cur;
            runLen[runCount++] = len;
          }
          cur = v;
          len = 1;
        }
        rowOnPixels += v;
      }
      if (cur === 1) {
        runOn[runCount] = 1;
        runLen[runCount++] = len;
        len = 0;
      }
      len += imageWidth - x1; // off pixels right of the box
      if (len > 0) {
        runOn[runCount] = 0;
        runLen[runCount++] = len;
      }
    }
    for (let r = 0; r < runCount; r++) sink(runOn[r] === 1, runLen[r] as number);
    total += rowOnPixels;
  }
  return total;
}
