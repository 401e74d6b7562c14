import { describe, expect, it } from 'vitest';
import { maskTile } from './mask-tile';

/** An RGBA image with alpha 255 on the given pixels. */
function rgbaWith(width: number, height: number, painted: [number, number][]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (const [x, y] of painted) rgba[(y * width + x) * 4 + 3] = 255;
  return rgba;
}

describe('maskTile', () => {
  it('crops to the painted pixels at full resolution for small images', () => {
    const tile = maskTile(
      rgbaWith(6, 4, [
        [2, 1],
        [3, 1],
        [3, 2],
      ]),
      6,
      4,
    );
    expect(tile).toMatchObject({ x: 2, y: 1, width: 2, height: 2, tileWidth: 2, tileHeight: 2 });
    expect(Array.from(tile!.cells)).toEqual([1, 1, 0, 1]);
  });

  it('samples big images down so the tile fits the preview size', () => {
    // Left half painted on a 4000×2000 image: the tile is 512×512 at maxSide 1024.
    const width = 4000;
    const height = 2000;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width / 2; x++) rgba[(y * width + x) * 4 + 3] = 255;
    }
    const tile = maskTile(rgba, width, height, 1024)!;
    expect(tile).toMatchObject({ x: 0, y: 0, width: 2000, height: 2000 });
    expect([tile.tileWidth, tile.tileHeight]).toEqual([512, 512]);
    expect(tile.cells.every((c) => c === 1)).toBe(true);
  });

  it('returns null for an empty mask and refuses a buffer of the wrong size', () => {
    expect(maskTile(new Uint8Array(4 * 4 * 4), 4, 4)).toBeNull();
    expect(() => maskTile(new Uint8Array(10), 4, 4)).toThrow(/4×4×4/);
  });
});
