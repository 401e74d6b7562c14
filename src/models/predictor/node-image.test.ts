// decodeImageRgba adds an RGB image's alpha itself; the bytes must be the ones
// sharp's own `ensureAlpha` gives, for every kind of image the CLI reads.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixturesPresent } from '../../../test/require-fixtures';
import { decodeImageRgba } from './node-image';

const images = resolve(process.cwd(), '../shared/fixtures/images');
const flowers = resolve(process.cwd(), '../shared/datasets/flowers5/daisy');
const haveShared = fixturesPresent('decodeImageRgba tests', images, flowers);

/** sharp's RGBA with the orientation applied: what decodeImageRgba must equal. */
async function viaEnsureAlpha(bytes: Buffer) {
  const { data, info } = await sharp(bytes).rotate().ensureAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function expectSame(name: string, bytes: Buffer) {
  const got = await decodeImageRgba(bytes);
  const want = await viaEnsureAlpha(bytes);
  expect([name, got.width, got.height]).toEqual([name, want.width, want.height]);
  expect(Buffer.compare(Buffer.from(got.data), Buffer.from(want.data)), name).toBe(0);
}

describe.skipIf(!haveShared)('decodeImageRgba', () => {
  it('gives the bytes of sharp ensureAlpha for the fixture photos and 20 flowers (RGB JPEG, PNG)', async () => {
    const files = [
      ...readdirSync(images).map((f) => join(images, f)),
      ...readdirSync(flowers)
        .sort()
        .slice(0, 20)
        .map((f) => join(flowers, f)),
    ];
    for (const file of files) await expectSame(file, readFileSync(file));
    // A path decodes as its bytes do.
    const first = files[0] as string;
    expect(await decodeImageRgba(first)).toEqual(await decodeImageRgba(readFileSync(first)));
  });

  it('also for grey, grey + alpha, RGBA, 16-bit and EXIF-rotated images', async () => {
    const photo = readFileSync(join(images, 'chelsea.png'));
    const made: [string, Buffer][] = [
      ['grey JPEG', await sharp(photo).greyscale().jpeg().toBuffer()],
      ['grey + alpha PNG', await sharp(photo).greyscale().ensureAlpha(0.5).png().toBuffer()],
      ['RGB JPEG', await sharp(photo).removeAlpha().jpeg().toBuffer()],
      ['RGBA PNG', await sharp(photo).ensureAlpha(0.3).png().toBuffer()],
      ['16-bit PNG', await sharp(photo).toColourspace('rgb16').png().toBuffer()],
      ['rotated JPEG', await sharp(photo).jpeg().withMetadata({ orientation: 6 }).toBuffer()],
    ];
    for (const [name, bytes] of made) await expectSame(name, bytes);
    const rotated = await decodeImageRgba(made[5]![1]);
    const meta = await sharp(photo).metadata();
    expect([rotated.width, rotated.height]).toEqual([meta.height, meta.width]);
  });

  it('names the file when it cannot be read', async () => {
    await expect(decodeImageRgba(join(images, 'no-such.png'))).rejects.toThrow(/no-such\.png/);
  });
});
