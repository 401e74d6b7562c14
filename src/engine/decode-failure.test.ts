import { describe, expect, it } from 'vitest';
import { decodeFailureMessage, describeNonImage } from './decode-failure';
import { readImageHeader } from './image-header';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The first 33 bytes of a PNG: signature + IHDR of the given size. */
function pngHeader(width: number, height: number): Uint8Array {
  const out = new Uint8Array(33);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  out.set(bytes('IHDR'), 12);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out.set([8, 2, 0, 0, 0], 24);
  return out;
}

describe('decodeFailureMessage', () => {
  it('names an empty file', () => {
    expect(decodeFailureMessage(new Uint8Array(0), 0, null)).toBe(
      'cannot decode the image: the file is empty (0 bytes)',
    );
  });

  it('names other kinds of files given as images', () => {
    const pdf = bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj');
    expect(decodeFailureMessage(pdf, 20_000, null)).toBe(
      'cannot decode the image: the file is a PDF document, not an image',
    );
    expect(describeNonImage(bytes('<!DOCTYPE html><html><body>Not found'))).toBe('an HTML page');
    expect(describeNonImage(bytes('  {"error": "nope"}'))).toBe('a JSON file');
    expect(describeNonImage(bytes('not a png'))).toBe('a text file');
    expect(describeNonImage(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]))).toMatch(/ZIP/);
    expect(describeNonImage(new Uint8Array([0, 0, 0, 0x18, ...bytes('ftypheic')]))).toMatch(/HEIC/);
    expect(describeNonImage(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1, 2]))).toBeNull();
  });

  it('blames the size only for images beyond what browsers decode', () => {
    const huge = pngHeader(40_000, 40_000);
    expect(decodeFailureMessage(huge, 4_751_719, readImageHeader(huge))).toBe(
      'cannot decode the image: it is 40000×40000 pixels (1600 megapixels), larger than this browser can decode; shrink it first',
    );
    const normal = pngHeader(640, 480);
    expect(decodeFailureMessage(normal, 33, readImageHeader(normal))).toBe(
      'cannot decode the image: the PNG file is corrupt or truncated (33 bytes)',
    );
  });

  it('falls back to naming the formats it reads', () => {
    expect(decodeFailureMessage(new Uint8Array([0xde, 0xad, 1, 2]), 4, null)).toBe(
      'cannot decode the image: not a PNG, JPEG, GIF, WebP or BMP image (4 bytes)',
    );
  });
});
