// decodeImageRgba must give the bytes sharp's own `.rotate().ensureAlpha()`
// gives (the decoder it had before the WASM one), for every kind of image the
// CLI reads: plain RGB JPEGs through mozjpeg in WASM (checked to be the path
// taken), everything else through sharp.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { segmentAt, withoutApp2 } from '../../../test/jpeg-segments';
import { fixturesPresent } from '../../../test/require-fixtures';
import { decodeImageRgba, decodeImageRgbaVia, type ImageDecoder } from './node-image';
import { jpegFastPathBlocker } from './node-jpeg-fast-path';

const images = resolve(process.cwd(), '../shared/fixtures/images');
const flowersRoot = resolve(process.cwd(), '../shared/datasets/flowers5');
const flowers = join(flowersRoot, 'daisy');
const haveShared = fixturesPresent('decodeImageRgba tests', images, flowers);

/** 50 photos spread over each flowers5 class (sorted names, every k-th). */
function flowerSample(perClass = 50): string[] {
  const classes = readdirSync(flowersRoot)
    .filter((c) => statSync(join(flowersRoot, c)).isDirectory())
    .sort();
  return classes.flatMap((c) => {
    const files = readdirSync(join(flowersRoot, c))
      .filter((f) => /\.jpe?g$/i.test(f))
      .sort();
    const step = Math.max(1, Math.floor(files.length / perClass));
    return files
      .filter((_, i) => i % step === 0)
      .slice(0, perClass)
      .map((f) => join(flowersRoot, c, f));
  });
}

/** sharp's RGBA with the orientation applied: what decodeImageRgba must equal. */
async function viaEnsureAlpha(bytes: Buffer) {
  const { data, info } = await sharp(bytes).rotate().ensureAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function expectSame(name: string, bytes: Buffer, decoder?: ImageDecoder) {
  const { image: got, decoder: used } = await decodeImageRgbaVia(bytes);
  const want = await viaEnsureAlpha(bytes);
  expect([name, got.width, got.height]).toEqual([name, want.width, want.height]);
  expect(Buffer.compare(Buffer.from(got.data), Buffer.from(want.data)), name).toBe(0);
  if (decoder) expect([name, used]).toEqual([name, decoder]);
}

describe.skipIf(!haveShared)('decodeImageRgba', () => {
  it('decodes 250 flowers5 photos of all classes in WASM, and the fixture JPEG, to the bytes of sharp', async () => {
    const photos = flowerSample();
    expect(photos.length).toBe(250);
    for (const file of photos) await expectSame(file, readFileSync(file), 'mozjpeg-wasm');
    // rocket.jpg carries an ICC profile: sharp's (its blocker says so).
    const fixtures = readdirSync(images).filter((f) => /\.jpe?g$/i.test(f));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const file of fixtures) {
      const bytes = readFileSync(join(images, file));
      await expectSame(file, bytes, jpegFastPathBlocker(bytes) ? 'sharp' : 'mozjpeg-wasm');
    }
  });

  it('gives the bytes of sharp ensureAlpha for the fixture PNGs (RGB, RGBA, grey), through sharp', async () => {
    const files = readdirSync(images)
      .filter((f) => f.endsWith('.png'))
      .map((f) => join(images, f));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) await expectSame(file, readFileSync(file), 'sharp');
    // A path decodes as its bytes do.
    const first = join(images, 'rocket.jpg');
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

  it('decodes the JPEGs sharp writes in WASM too: 4:4:4 and 4:2:0, baseline and progressive, odd sizes, trellis, EXIF', async () => {
    for (const source of ['astronaut.png', 'chelsea.png', 'coffee.png', 'horse.png']) {
      // Within the fast path's size (≤ 384² pixels).
      const photo = sharp(readFileSync(join(images, source)))
        .removeAlpha()
        .resize({ width: 380, height: 380, fit: 'inside' });
      const made: [string, Buffer][] = [];
      for (const chromaSubsampling of ['4:4:4', '4:2:0'])
        for (const progressive of [false, true])
          for (const quality of [30, 100]) {
            const options = { chromaSubsampling, progressive, quality };
            const bytes = await photo.clone().jpeg(options).toBuffer();
            made.push([`${source} ${JSON.stringify(options)}`, bytes]);
          }
      made.push([
        `${source} 97×61`,
        await photo.clone().resize(97, 61, { fit: 'fill' }).jpeg().toBuffer(),
      ]);
      const trellis = {
        trellisQuantisation: true,
        overshootDeringing: true,
        optimiseScans: true,
        progressive: true,
      };
      made.push([`${source} trellis`, await photo.clone().jpeg(trellis).toBuffer()]);
      made.push([
        `${source} EXIF`,
        await photo
          .clone()
          .jpeg()
          .withExif({ IFD0: { Artist: 'a' } })
          .toBuffer(),
      ]);
      for (const [name, bytes] of made) await expectSame(name, bytes, 'mozjpeg-wasm');
    }
  });

  it('decodes in WASM the extremes too: noise and a one-pixel checkerboard at quality 1 to 100', async () => {
    const [width, height] = [211, 157];
    let seed = 1;
    const noise = Buffer.alloc(width * height * 3).map(
      () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255,
    );
    const checker = Buffer.alloc(width * height * 3).map((_, i) => {
      const pixel = Math.floor(i / 3);
      return ((pixel % width) + Math.floor(pixel / width) + (i % 3)) & 1 ? 255 : 0;
    });
    for (const [name, pixels] of [
      ['noise', noise],
      ['checker', checker],
    ] as const)
      for (const quality of [1, 50, 100])
        for (const chromaSubsampling of ['4:4:4', '4:2:0']) {
          const raw = { raw: { width, height, channels: 3 as const } };
          const bytes = await sharp(pixels, raw).jpeg({ quality, chromaSubsampling }).toBuffer();
          await expectSame(`${name} q${quality} ${chromaSubsampling}`, bytes, 'mozjpeg-wasm');
        }
  });

  it('leaves to sharp large, grey, CMYK, ICC-profile and EXIF-rotated JPEGs', async () => {
    const photo = sharp(readFileSync(join(images, 'chelsea.png'))).removeAlpha();
    const rotated = withoutApp2(
      await photo.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    );
    const large = sharp(readFileSync(join(images, 'astronaut.png'))).removeAlpha();
    const made: [string, Buffer, string][] = [
      ['512×512', await large.jpeg().toBuffer(), 'larger than 384×384 pixels'],
      ['grey', await photo.clone().toColourspace('b-w').jpeg().toBuffer(), '1 components'],
      ['CMYK', await photo.clone().toColourspace('cmyk').jpeg().toBuffer(), '4 components'],
      [
        'ICC',
        await photo.clone().jpeg().withIccProfile('p3').toBuffer(),
        'APP2 marker (ICC profile or MPF)',
      ],
      ['rotated', rotated, 'EXIF orientation 6'],
    ];
    for (const [name, bytes, reason] of made) {
      expect([name, jpegFastPathBlocker(bytes)]).toEqual([name, reason]);
      await expectSame(name, bytes, 'sharp');
    }
    const turned = await decodeImageRgba(rotated);
    expect([turned.width, turned.height]).toEqual([300, 451]);
  });

  it('fails a truncated or broken JPEG as sharp does (a libjpeg warning or error sends it there), and goes on in WASM', async () => {
    const jpeg = await sharp(readFileSync(join(images, 'chelsea.png')))
      .removeAlpha()
      .jpeg()
      .toBuffer();
    // Cut in the middle of the image data: mozjpeg only warns, sharp refuses it.
    const cut = jpeg.subarray(0, jpeg.length >> 1);
    expect(jpegFastPathBlocker(cut)).toBeUndefined();
    await expect(decodeImageRgba(cut)).rejects.toThrow(/premature end of JPEG/i);
    // A scan naming a component the frame lacks: a fatal libjpeg error in WASM too.
    const badScan = Buffer.from(jpeg);
    badScan[segmentAt(badScan, 0xda) + 5] = 9;
    await expect(decodeImageRgba(badScan)).rejects.toThrow(/component/i);
    await expectSame('plain after the failures', jpeg, 'mozjpeg-wasm');
  });

  it('names the file when it cannot be read', async () => {
    await expect(decodeImageRgba(join(images, 'no-such.png'))).rejects.toThrow(/no-such\.png/);
  });
});
