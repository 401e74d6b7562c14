// mozjpeg compiled to WASM (@jsquash/jpeg), for the JPEGs node-image may give
// it: about a quarter of sharp's CPU per small photo, since it skips libvips'
// pipeline set-up and thread hand-off. Node-only; loaded once, on first use.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import mozjpegFactory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { initEmscriptenModule } from '@jsquash/jpeg/utils.js';
import type { RgbaImage } from '../types';

/** The part of the Emscripten module used here (its own types need the DOM's). */
interface MozjpegDecoder {
  decode(
    data: Uint8Array,
    preserveOrientation: boolean,
  ): { width: number; height: number; data: Uint8ClampedArray } | null;
}

type Factory = Parameters<typeof initEmscriptenModule>[0];

let binary: Promise<Buffer> | undefined;
let instance: Promise<MozjpegDecoder | undefined> | undefined;
/** What libjpeg printed during the current decode: its warnings (corrupt or truncated data). */
const printed: string[] = [];

function decoder(): Promise<MozjpegDecoder | undefined> {
  binary ??= readFile(
    createRequire(import.meta.url).resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
  );
  instance ??= binary
    .then(async (wasmBinary) => {
      const options = {
        wasmBinary,
        printErr: (line: string) => printed.push(line),
        print: () => {},
      };
      return (await initEmscriptenModule(
        mozjpegFactory as Factory,
        undefined,
        options,
      )) as unknown as MozjpegDecoder;
    })
    .catch((error: unknown) => {
      // Without the decoder every JPEG still decodes, through sharp.
      console.warn(`JPEG WASM decoder unavailable, using sharp: ${(error as Error).message}`);
      return undefined;
    });
  return instance;
}

/**
 * The RGBA pixels mozjpeg decodes, or undefined when it cannot be trusted to
 * match sharp: it threw (the caller's sharp then reports the error), or
 * libjpeg warned (truncated or corrupt data, which sharp either refuses or
 * decodes its own way). Orientation is never applied here. Entropy data
 * corrupted so that libjpeg does not even warn decodes to garbage that may
 * differ from sharp's garbage in a few bytes (its SIMD and this build's C
 * IDCT agree only on coefficients a real encoder can write).
 */
export async function decodeJpegWasm(bytes: Uint8Array): Promise<RgbaImage | undefined> {
  const module = await decoder();
  if (!module) return undefined;
  // Synchronous from here to the check: no other decode can print in between.
  printed.length = 0;
  let image;
  try {
    image = module.decode(bytes, false);
  } catch {
    // libjpeg's fatal errors exit() the WASM program without freeing its
    // memory: the next decode gets a fresh instance.
    instance = undefined;
    return undefined;
  }
  if (!image || printed.length > 0) return undefined;
  const { data, width, height } = image;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
