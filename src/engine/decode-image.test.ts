// Which decoder a task's image goes through (the pixels themselves are the
// browser's: e2e/app.spec.ts checks the boxes on large and rotated JPEGs).
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeImage } from './decode-image';

const LETTERBOX_640 = { width: 640, height: 640, resize: 'letterbox' as const };

async function jpeg(width: number, height: number, orientation?: number): Promise<Blob> {
  let image = sharp({ create: { width, height, channels: 3, background: '#808080' } }).jpeg();
  if (orientation) image = image.withMetadata({ orientation });
  return new Blob([new Uint8Array(await image.toBuffer())], { type: 'image/jpeg' });
}

interface Asked {
  desiredWidth?: number;
  desiredHeight?: number;
}

/** Browser stand-ins: ImageDecoder answers with `answer(asked)`, canvases hand back zeros. */
function stubBrowser(answer: (asked: Asked) => { width: number; height: number } | Error) {
  const asked: Asked[] = [];
  const bitmaps: { width: number; height: number }[] = [];
  class FakeDecoder {
    constructor(private readonly init: Asked) {
      asked.push({ desiredWidth: init.desiredWidth, desiredHeight: init.desiredHeight });
    }
    async decode() {
      const size = answer(this.init);
      if (size instanceof Error) throw size;
      return { image: { displayWidth: size.width, displayHeight: size.height, close() {} } };
    }
    close() {}
  }
  class FakeCanvas {
    constructor(
      public width: number,
      public height: number,
    ) {}
    getContext() {
      return {
        canvas: this as FakeCanvas,
        clearRect() {},
        drawImage() {},
        getImageData: (_x: number, _y: number, w: number, h: number) => ({
          data: new Uint8ClampedArray(w * h * 4),
        }),
      };
    }
  }
  vi.stubGlobal('ImageDecoder', FakeDecoder);
  vi.stubGlobal('OffscreenCanvas', FakeCanvas);
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const { width = 0, height = 0 } = await sharp(
      new Uint8Array(await blob.arrayBuffer()),
    ).metadata();
    bitmaps.push({ width, height });
    return { width, height, close() {} };
  });
  return { asked, bitmaps };
}

describe('decodeImage: large JPEGs for a model input', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('decodes an upright 1920×1280 JPEG at 3/8 for a 640 letterbox', async () => {
    const browser = stubBrowser((a) => ({ width: a.desiredWidth!, height: a.desiredHeight! }));
    const decoded = await decodeImage(await jpeg(1920, 1280), 4096, LETTERBOX_640);
    expect(browser.asked).toEqual([{ desiredWidth: 720, desiredHeight: 480 }]);
    expect(browser.bitmaps).toEqual([]);
    expect(decoded.image).toMatchObject({ width: 720, height: 480 });
    expect(decoded).toMatchObject({ originalWidth: 1920, originalHeight: 1280 });
  });

  it('a decoder that ignores the asked size is fine: the image is only bigger', async () => {
    const browser = stubBrowser(() => ({ width: 1920, height: 1280 }));
    const decoded = await decodeImage(await jpeg(1920, 1280), 4096, LETTERBOX_640);
    expect(browser.bitmaps).toEqual([]);
    expect(decoded.image).toMatchObject({ width: 1920, height: 1280 });
  });

  it('decodes as usual when the scaled decode went too small or failed', async () => {
    const tooSmall = stubBrowser(() => ({ width: 480, height: 320 }));
    const a = await decodeImage(await jpeg(1920, 1280), 4096, LETTERBOX_640);
    expect(tooSmall.bitmaps).toHaveLength(1);
    expect(a.image).toMatchObject({ width: 1920, height: 1280 });

    const failing = stubBrowser(() => new Error('EncodingError'));
    const b = await decodeImage(await jpeg(1920, 1280), 4096, LETTERBOX_640);
    expect(failing.bitmaps).toHaveLength(1);
    expect(b.image).toMatchObject({ width: 1920, height: 1280 });
  });

  it('full decode for EXIF-rotated JPEGs, small ones, PNGs and callers without a model input', async () => {
    const browser = stubBrowser((a) => ({ width: a.desiredWidth!, height: a.desiredHeight! }));
    await decodeImage(await jpeg(1920, 1280, 6), 4096, LETTERBOX_640);
    await decodeImage(await jpeg(800, 600), 4096, LETTERBOX_640);
    await decodeImage(await jpeg(1920, 1280), 4096);
    const png = await sharp({
      create: { width: 1920, height: 1280, channels: 3, background: '#000' },
    })
      .png()
      .toBuffer();
    await decodeImage(new Blob([new Uint8Array(png)]), 4096, LETTERBOX_640);
    expect(browser.asked).toEqual([]);
    expect(browser.bitmaps).toHaveLength(4);
  });
});
