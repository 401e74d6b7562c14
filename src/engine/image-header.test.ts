import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { displayedSize, readImageHeader } from './image-header';
import { fixturesPresent } from '../../test/require-fixtures';

async function encoded(format: 'png' | 'jpeg' | 'gif' | 'webp', width: number, height: number) {
  const image = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 10, b: 10 } },
  });
  return new Uint8Array(await image.toFormat(format).toBuffer());
}

describe('readImageHeader', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('reads the size of a %s', async (format) => {
    const header = readImageHeader(await encoded(format, 123, 45));
    expect(header).toMatchObject({ format, width: 123, height: 45, orientation: 1 });
  });

  it('reads a lossless webp (VP8L)', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 77, height: 9, channels: 4, background: '#123' } })
        .webp({ lossless: true })
        .toBuffer(),
    );
    expect(readImageHeader(bytes)).toMatchObject({ format: 'webp', width: 77, height: 9 });
  });

  it('reads a 24-bit BMP written by hand', () => {
    const bytes = new Uint8Array(54);
    const view = new DataView(bytes.buffer);
    bytes.set([0x42, 0x4d]);
    view.setInt32(18, 31, true);
    view.setInt32(22, -17, true); // top-down rows
    expect(readImageHeader(bytes)).toMatchObject({ format: 'bmp', width: 31, height: 17 });
  });

  it.each([
    [1, { width: 300, height: 200 }],
    [3, { width: 300, height: 200 }],
    [6, { width: 200, height: 300 }],
    [8, { width: 200, height: 300 }],
  ])(
    'reads JPEG EXIF orientation %i and swaps the displayed size when rotated',
    async (o, shown) => {
      const bytes = new Uint8Array(
        await sharp({ create: { width: 300, height: 200, channels: 3, background: '#888' } })
          .jpeg()
          .withMetadata({ orientation: o })
          .toBuffer(),
      );
      const header = readImageHeader(bytes);
      expect(header).toMatchObject({ width: 300, height: 200, orientation: o });
      expect(displayedSize(header!)).toEqual(shown);
    },
  );

  it('returns null for bytes that are no image, and for a truncated JPEG', async () => {
    expect(readImageHeader(new TextEncoder().encode('hello, not an image'))).toBeNull();
    const jpeg = await encoded('jpeg', 10, 10);
    expect(readImageHeader(jpeg.subarray(0, 4))).toBeNull();
  });
});

const fixtures = resolve(process.cwd(), '../shared/fixtures/images');
const present = fixturesPresent('fixture image headers', fixtures);

describe.skipIf(!present)('readImageHeader on the shared fixtures', () => {
  it.each([
    ['rocket.jpg', 640, 427],
    ['chelsea.png', 451, 300],
    ['coffee.png', 600, 400],
  ])('%s is %i×%i', (name, width, height) => {
    const header = readImageHeader(new Uint8Array(readFileSync(resolve(fixtures, name))));
    expect(header).toMatchObject({ width, height });
  });
});
