// jpegFastPathBlocker lets only plain RGB JPEGs through to the WASM decoder;
// each kind sharp handles its own way is refused with its reason. The JPEGs
// are written by sharp; header variants it cannot write are patched in.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { segmentAt, segmentPayload, withoutApp2, withSegment } from '../../../test/jpeg-segments';
import { jpegFastPathBlocker } from './node-jpeg-fast-path';

/** A 64×48 RGB photo-like gradient (noise-free, so every encoder setting gives a small file). */
async function rgb(): Promise<Buffer> {
  const width = 64;
  const height = 48;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    pixels[i * 3] = (i % width) * 4;
    pixels[i * 3 + 1] = Math.floor(i / width) * 5;
    pixels[i * 3 + 2] = (i * 7) % 256;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A copy with one byte of the frame header (SOF0) changed: offset within its payload. */
function patchFrame(jpeg: Buffer, offset: number, value: number, marker = 0xc0): Buffer {
  const copy = Buffer.from(jpeg);
  const at = segmentAt(copy, marker);
  copy[at + 4 + offset] = value;
  return copy;
}

describe('jpegFastPathBlocker', () => {
  it('lets baseline and progressive, 4:2:0 and 4:4:4 RGB JPEGs through, EXIF without orientation too', async () => {
    const png = await rgb();
    const ok = [
      await sharp(png).jpeg().toBuffer(),
      await sharp(png).jpeg({ chromaSubsampling: '4:4:4', progressive: true }).toBuffer(),
      await sharp(png)
        .jpeg()
        .withExif({ IFD0: { Copyright: 'test' } })
        .toBuffer(),
      withoutApp2(await sharp(png).jpeg().withMetadata({ orientation: 1 }).toBuffer()),
    ];
    expect(ok.map(jpegFastPathBlocker)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('sends to sharp what sharp decodes its own way, saying why', async () => {
    const png = await rgb();
    const jpeg = await sharp(png).jpeg().toBuffer();
    const sof = segmentAt(jpeg, 0xc0);
    const exifJpeg = await sharp(png)
      .jpeg()
      .withExif({ IFD0: { Artist: 'a' } })
      .toBuffer();
    const exif = segmentPayload(exifJpeg, 0xe1);
    const cases: [string, Buffer, string | RegExp][] = [
      ['PNG', png, 'not a JPEG'],
      ['grey', await sharp(png).toColourspace('b-w').jpeg().toBuffer(), '1 components'],
      ['CMYK', await sharp(png).toColourspace('cmyk').jpeg().toBuffer(), '4 components'],
      ['ICC', await sharp(png).jpeg().withIccProfile('p3').toBuffer(), /^APP2 marker/],
      [
        'rotated',
        withoutApp2(await sharp(png).jpeg().withMetadata({ orientation: 6 }).toBuffer()),
        'EXIF orientation 6',
      ],
      ['12-bit', patchFrame(jpeg, 0, 12), '12-bit samples'],
      ['4:2:2', patchFrame(jpeg, 7, 0x21), 'sampling 2x1,1x1,1x1'],
      [
        'RGB ids',
        patchFrame(patchFrame(patchFrame(jpeg, 6, 82), 9, 71), 12, 66),
        'RGB component ids',
      ],
      ['arithmetic', Buffer.from(jpeg).fill(0xc9, sof + 1, sof + 2), 'frame type 0xc9'],
      ['Adobe', withSegment(jpeg, 0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01')), /^Adobe marker/],
      [
        'two EXIF',
        withSegment(withSegment(jpeg, 0xe1, exif), 0xe1, exif),
        'more than one EXIF block',
      ],
      ['bad EXIF', withSegment(jpeg, 0xe1, Buffer.from('Exif\0\0XX')), 'unreadable EXIF'],
      ['header cut short', jpeg.subarray(0, sof + 6), /runs past the end|ends before/],
      ['no size', patchFrame(patchFrame(jpeg, 1, 0), 2, 0), 'no size in the frame header'],
      ['large', await sharp(png).resize(400, 400).jpeg().toBuffer(), 'larger than 384×384 pixels'],
    ];
    for (const [name, bytes, reason] of cases) {
      expect([name, jpegFastPathBlocker(bytes)]).toEqual([name, expect.stringMatching(reason)]);
    }
  });
});
