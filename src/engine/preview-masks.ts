// Brush results of the previewed task → bitmaps the page draws as they are:
// the RLE decoding and painting stay in the worker, off the main thread.

import { decodeRle } from '../core/results/brush';
import type { LsResult } from '../core/results/types';
import type { PreviewMask } from './api';
import { labelRgb } from './label-color';
import { maskTile } from './mask-tile';

/** Alpha of painted pixels: the photo stays visible under the mask. */
const MASK_ALPHA = 115;

function labelOf(result: LsResult): string {
  const labels = result.value.brushlabels;
  return Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : '';
}

export async function previewMasks(results: readonly LsResult[]): Promise<PreviewMask[]> {
  const masks: PreviewMask[] = [];
  for (const result of results) {
    if (result.type !== 'brushlabels' && result.type !== 'brush') continue;
    const rle = result.value.rle;
    const width = result.original_width;
    const height = result.original_height;
    if (!Array.isArray(rle) || !width || !height) continue;
    const tile = maskTile(decodeRle(rle as number[]), width, height);
    if (!tile) continue;
    const [r, g, b] = labelRgb(labelOf(result));
    const pixels = new Uint8ClampedArray(tile.tileWidth * tile.tileHeight * 4);
    tile.cells.forEach((cell, i) => {
      if (!cell) return;
      pixels.set([r, g, b, MASK_ALPHA], i * 4);
    });
    const bitmap = await createImageBitmap(new ImageData(pixels, tile.tileWidth, tile.tileHeight));
    masks.push({
      resultId: result.id,
      bitmap,
      x: (tile.x / width) * 100,
      y: (tile.y / height) * 100,
      width: (tile.width / width) * 100,
      height: (tile.height / height) * 100,
    });
  }
  return masks;
}
