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
interface Frame {
  width: number;
  height: number;
  rotation?: number;
}

function stubBrowser(answer: (asked: Asked) => Frame | Error) {
  const asked: Asked[] = [];
  const bitmaps: { width: number; height: number }[] = [];
  class FakeDecoder {
    constructor(private readonly init: Asked) {
      asked.push({ desiredWidth: init.desiredWidth, desiredHeight: init.desiredHeight });
    }
    async decode() {
      const size = answer(this.init);
      if (size instanceof Error) throw size;
      const { width, height, rotation = 0 } = size;
      return { image: { displayWidth: width, displayHeight: height, rotation, close() {} } };
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
  // As browsers do with imageOrientation 'from-image': orientations 5–8 swap the sides.
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const meta = await sharp(new Uint8Array(await blob.arrayBuffer())).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    const width = (swap ? meta.height : meta.width) ?? 0;
    const height = (swap ? meta.width : meta.height) ?? 0;
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

  it('an EXIF-turned JPEG: scaled when the frame carries the turn, else decoded as usual', async () => {
    // Stored 1920×1280, shown 1280×1920 (orientation 6 = turn 90° clockwise).
    const turning = stubBrowser((a) => ({
      width: a.desiredHeight!,
      height: a.desiredWidth!,
      rotation: 90,
    }));
    const turned = await decodeImage(await jpeg(1920, 1280, 6), 4096, LETTERBOX_640);
    expect(turning.asked).toEqual([{ desiredWidth: 720, desiredHeight: 480 }]);
    expect(turning.bitmaps).toEqual([]);
    expect(turned.image).toMatchObject({ width: 480, height: 720 });
    expect(turned).toMatchObject({ originalWidth: 1280, originalHeight: 1920 });

    const notTurning = stubBrowser((a) => ({ width: a.desiredWidth!, height: a.desiredHeight! }));
    const usual = await decodeImage(await jpeg(1920, 1280, 6), 4096, LETTERBOX_640);
    expect(notTurning.bitmaps).toHaveLength(1);
    expect(usual).toMatchObject({ originalWidth: 1280, originalHeight: 1920 });
  });

  it('reads back at the input scale when the target asks for it (scaled JPEG and PNG)', async () => {
    const target = { ...LETTERBOX_640, atInputScale: true };
    const browser = stubBrowser((a) => ({ width: a.desiredWidth!, height: a.desiredHeight! }));
    const jpegDecoded = await decodeImage(await jpeg(1920, 1280), 4096, target);
    expect(browser.asked).toEqual([{ desiredWidth: 720, desiredHeight: 480 }]);
    expect(jpegDecoded.image).toMatchObject({ width: 640, height: 427 });
    expect(jpegDecoded.image.data).toHaveLength(640 * 427 * 4);
    expect(jpegDecoded).toMatchObject({ originalWidth: 1920, originalHeight: 1280 });

    const png = await sharp({
      create: { width: 1280, height: 1920, channels: 3, background: '#000' },
    })
      .png()
      .toBuffer();
    const pngDecoded = await decodeImage(new Blob([new Uint8Array(png)]), 4096, target);
    expect(browser.bitmaps).toEqual([{ width: 1280, height: 1920 }]);
    expect(pngDecoded.image).toMatchObject({ width: 427, height: 640 });
    expect(pngDecoded).toMatchObject({ originalWidth: 1280, originalHeight: 1920 });
  });

  it('full decode for mirrored JPEGs, small ones, PNGs and callers without a model input', async () => {
    const browser = stubBrowser((a) => ({ width: a.desiredWidth!, height: a.desiredHeight! }));
    await decodeImage(await jpeg(1920, 1280, 2), 4096, LETTERBOX_640);
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
