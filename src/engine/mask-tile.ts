// A full-image RGBA mask (what a brush RLE decodes to) → the small tile the
// preview draws: cropped to the painted pixels and, for big images, sampled
// down so the page never receives a full-resolution buffer.

export interface MaskTile {
  /** The painted area, in image pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  /** 1 where the mask is painted, row-major tileWidth × tileHeight. */
  cells: Uint8Array;
}

/**
 * `maxSide` bounds the IMAGE's longer side after scaling, so every mask of an
 * image gets the same resolution. Null when nothing is painted.
 */
export function maskTile(
  rgba: Uint8Array,
  width: number,
  height: number,
  maxSide = 1024,
): MaskTile | null {
  if (rgba.length < width * height * 4) {
    throw new Error(`the mask holds ${rgba.length} bytes, not ${width}×${height}×4`);
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < width; x++) {
      // The editor paints pixels whose alpha is above 0.
      if (rgba[row + x * 4 + 3]! > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const tileWidth = Math.max(1, Math.ceil(w * scale));
  const tileHeight = Math.max(1, Math.ceil(h * scale));
  const cells = new Uint8Array(tileWidth * tileHeight);
  for (let ty = 0; ty < tileHeight; ty++) {
    const sy = y0 + Math.min(h - 1, Math.floor(((ty + 0.5) * h) / tileHeight));
    for (let tx = 0; tx < tileWidth; tx++) {
      const sx = x0 + Math.min(w - 1, Math.floor(((tx + 0.5) * w) / tileWidth));
      cells[ty * tileWidth + tx] = rgba[(sy * width + sx) * 4 + 3]! > 0 ? 1 : 0;
    }
  }
  return { x: x0, y: y0, width: w, height: h, tileWidth, tileHeight, cells };
}
