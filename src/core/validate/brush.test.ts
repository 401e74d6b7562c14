import { encode } from '@thi.ng/rle-pack';
import { describe, expect, it } from 'vitest';
import { rleElementCount } from './brush';
import { messages } from './test-fixtures';

// Fact sheet §4 test vector: a 2x3 mask [[0,255,255],[0,0,255]] repeated to RGBA.
const MASK_2x3 = [0, 0, 0, 24, 57, 27, 252, 96, 19, 255, 206, 1, 31, 248];

const brush = (value: Record<string, unknown>, width = 3, height = 2) => ({
  id: 'b1',
  from_name: 'mask',
  to_name: 'image',
  type: 'brushlabels',
  original_width: width,
  original_height: height,
  value: { format: 'rle', brushlabels: ['Cat'], ...value },
});

describe('brush masks', () => {
  it('reads the element count from the first 4 bytes, big-endian', () => {
    // Both encoders in the fact sheet start the 18-element vector with 0,0,0,18.
    expect(rleElementCount([0, 0, 0, 18, 57, 27])).toBe(18);
    expect(rleElementCount([0, 1, 0, 0])).toBe(65536);
    expect(rleElementCount([255, 255, 255, 255])).toBe(4294967295);
  });

  it('accepts the fact sheet vector for a 3x2 image', () => {
    expect(messages([brush({ rle: MASK_2x3 })])).toEqual([]);
  });

  it('accepts a mask encoded with rle-pack from an RGBA buffer of the right size', () => {
    const rgba = new Uint8Array(8 * 5 * 4);
    rgba.fill(255, 0, 4 * 8); // first row
    expect(messages([brush({ rle: Array.from(encode(rgba, rgba.length)) }, 8, 5)])).toEqual([]);
  });

  it('rejects a mask sized for another image', () => {
    expect(messages([brush({ rle: MASK_2x3 }, 4, 2)])).toEqual([
      expect.stringMatching(
        /value\.rle encodes 24 values but original_width\*original_height\*4 = 4\*2\*4 = 32 \(a mask for another image size/,
      ),
    ]);
  });

  it('explains a one-channel mask', () => {
    const oneChannel = Array.from(encode([0, 255, 255, 0, 0, 255], 6));
    expect(messages([brush({ rle: oneChannel })])).toEqual([
      expect.stringMatching(/encodes 6 values .*one value per pixel: encode the RGBA buffer/),
    ]);
  });

  it('rejects a truncated stream', () => {
    expect(messages([brush({ rle: MASK_2x3.slice(0, -2) })])).toEqual([
      expect.stringMatching(/value\.rle is truncated or corrupt/),
    ]);
    expect(messages([brush({ rle: [0, 0, 0] })])).toEqual([
      expect.stringMatching(/shorter than the 7-byte RLE header/),
    ]);
  });

  it('rejects another word size', () => {
    const words16 = Array.from(encode(new Uint16Array(24).fill(255), 24, 16));
    expect(messages([brush({ rle: words16 })])).toEqual([
      expect.stringMatching(/encoded with word size 16/),
    ]);
  });

  it('rejects entries that are not bytes, and a missing or non-list rle', () => {
    expect(messages([brush({ rle: [...MASK_2x3.slice(0, -1), 256] })])).toEqual([
      expect.stringMatching(/value\.rle\[13\] = 256 is not a byte/),
    ]);
    expect(messages([brush({ rle: 'AAAAGDkb' })])).toEqual([
      expect.stringMatching(/value\.rle must be a list of bytes/),
    ]);
  });

  it('requires format "rle"', () => {
    expect(messages([brush({ rle: MASK_2x3, format: 'png' })])).toEqual([
      expect.stringMatching(/value\.format must be "rle", got "png"/),
    ]);
  });

  it('rejects an empty mask and a 0/1 mask', () => {
    expect(messages([brush({ rle: Array.from(encode(new Uint8Array(24), 24)) })])).toEqual([
      expect.stringMatching(/decodes to an empty mask/),
    ]);
    expect(messages([brush({ rle: Array.from(encode(new Uint8Array(24).fill(1), 24)) })])).toEqual([
      expect.stringMatching(/mask uses alpha 1: write 255/),
    ]);
  });

  it('reports a missing image size instead of guessing', () => {
    const { original_width: _w, original_height: _h, ...noSize } = brush({ rle: MASK_2x3 });
    expect(messages([noSize])).toEqual([
      expect.stringMatching(/original_width and original_height are missing/),
    ]);
  });
});
