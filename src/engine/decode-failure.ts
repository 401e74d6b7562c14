// Why an image could not be decoded, in words that name the cause: an empty
// file, another kind of file under an image name (a PDF, an HTML error page),
// an image larger than the browser decodes, or a corrupt/truncated image.
// Pure (bytes in, text out) so it is tested in Node; the decode calls it only
// after the browser has refused the file, so it never refuses a good image.

import type { ImageHeader } from './image-header';

/** Above this many pixels a failed decode is most likely the browser's size limit. */
export const HUGE_PIXELS = 256 * 1024 * 1024;

const SIGNATURES: [string, string][] = [
  ['%PDF', 'a PDF document'],
  ['PK\u0003\u0004', 'a ZIP archive (or an Office document)'],
  ['\u001f\u008b', 'a gzip archive'],
  ['\u0000asm', 'a WebAssembly module'],
  ['ftypheic', 'a HEIC photo (not supported by this browser)'],
];

function textStart(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(0, 64));
}

/** What the bytes are when they are not an image this app reads; null if unknown. */
export function describeNonImage(bytes: Uint8Array): string | null {
  const start = textStart(bytes);
  for (const [signature, what] of SIGNATURES) {
    if (start.startsWith(signature) || start.slice(4).startsWith(signature)) return what;
  }
  const trimmed = start.trimStart().toLowerCase();
  if (trimmed.startsWith('<!doctype html') || trimmed.startsWith('<html')) return 'an HTML page';
  if (trimmed.startsWith('<svg') || (trimmed.startsWith('<?xml') && start.includes('<svg'))) {
    return 'an SVG drawing (not decodable in a worker)';
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'a JSON file';
  // Printable ASCII/UTF-8 text only.
  const sample = bytes.subarray(0, 512);
  if (
    sample.length > 0 &&
    sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127))
  ) {
    return 'a text file';
  }
  return null;
}

export function decodeFailureMessage(
  bytes: Uint8Array,
  size: number,
  header: ImageHeader | null,
): string {
  const lead = 'cannot decode the image';
  if (size === 0) return `${lead}: the file is empty (0 bytes)`;
  if (header) {
    const pixels = header.width * header.height;
    if (pixels > HUGE_PIXELS) {
      const mp = Math.round(pixels / 1e6);
      return `${lead}: it is ${header.width}×${header.height} pixels (${mp} megapixels), larger than this browser can decode; shrink it first`;
    }
    return `${lead}: the ${header.format.toUpperCase()} file is corrupt or truncated (${size} bytes)`;
  }
  const what = describeNonImage(bytes);
  if (what) return `${lead}: the file is ${what}, not an image`;
  return `${lead}: not a PNG, JPEG, GIF, WebP or BMP image (${size} bytes)`;
}
