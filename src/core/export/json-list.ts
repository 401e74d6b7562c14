// Writes a JSON list one record per line ("[\n{…},\n{…}\n]\n"), so the output
// diffs line by line and never exists in memory as one string.

import type { ExportItem, ExportItems, ExportOptions, ExportStream, SkippedItem } from './types';

export type RecordOrSkip = { record: unknown } | { skip: string };

const DEFAULT_CHUNK = 64 * 1024;

export async function* streamJsonList(
  items: ExportItems,
  toRecord: (item: ExportItem) => RecordOrSkip,
  options: ExportOptions = {},
): ExportStream {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const skipped: SkippedItem[] = [];
  let written = 0;
  let index = 0;
  let buf = '[';
  for await (const item of items) {
    const out = toRecord(item);
    if ('skip' in out) {
      const s = { index, reason: out.skip };
      skipped.push(s);
      options.onSkip?.(s, item);
    } else {
      buf += (written === 0 ? '\n' : ',\n') + JSON.stringify(out.record);
      written++;
      if (buf.length >= chunkSize) {
        yield buf;
        buf = '';
      }
    }
    index++;
  }
  yield buf + (written === 0 ? ']\n' : '\n]\n');
  return { written, skipped };
}
