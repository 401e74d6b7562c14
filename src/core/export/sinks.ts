// Ways to consume an export stream.

import type { ExportStream, ExportSummary } from './types';

/** Joins all chunks. For tests and small exports: holds the whole output. */
export async function collectToString(stream: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return parts.join('');
}

/** Like collectToString, also returning the generator's summary (skipped items). */
export async function collectWithSummary(
  stream: ExportStream,
): Promise<{ text: string; summary: ExportSummary }> {
  const parts: string[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return { text: parts.join(''), summary: next.value };
    parts.push(next.value);
  }
}

/**
 * A Blob for downloads: browsers may keep large Blobs on disk, and the
 * chunks are never joined into one string.
 */
export async function collectToBlob(
  stream: AsyncIterable<string>,
  type = 'application/json',
): Promise<Blob> {
  const parts: string[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return new Blob(parts, { type });
}

/** A ReadableStream of UTF-8 bytes, e.g. for a file handle's writable or a fetch body. */
export function toReadableStream(
  stream: AsyncGenerator<string, unknown, undefined>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await stream.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await stream.return(undefined);
    },
  });
}
