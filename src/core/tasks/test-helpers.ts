// Shared by the tests of this folder only.
import { importTaskStream } from './import-task-stream';
import type { ImportOptions } from './parser-types';
import type { ImportResult } from './types';

/** A byte stream delivering `bytes` cut at the given offsets. */
export function streamOf(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => Math.min(Math.max(0, c), bytes.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.slice(from, point));
    from = point;
  }
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/** Runs the stream importer and joins its batches into one result. */
export async function importViaStream(
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions = {},
  cuts: number[] = [],
  batchSize?: number,
): Promise<ImportResult & { count: number; batches: number }> {
  const result = { tasks: [] as ImportResult['tasks'], issues: [] as ImportResult['issues'] };
  let batches = 0;
  const { count } = await importTaskStream(
    fileName,
    streamOf(bytes, cuts),
    options,
    (tasks, issues) => {
      batches++;
      result.tasks.push(...tasks);
      result.issues.push(...issues);
    },
    batchSize,
  );
  return { ...result, count, batches };
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
