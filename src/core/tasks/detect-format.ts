import { isPlainObject } from './normalize-task';
import type { TaskFileFormat } from './parser-types';

const BY_EXTENSION: Record<string, TaskFileFormat> = {
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'txt',
};

/**
 * Sniffing reads at most this much of the first non-blank line; JSON Lines
 * with long documents need a generous window.
 */
export const SNIFF_LIMIT = 1 << 20;

export function formatFromName(fileName: string): TaskFileFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  return BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * Enough text has arrived to sniff: the first non-blank line is complete or
 * SNIFF_LIMIT long. Then `sniffFormat` gives what it would on the whole text.
 */
export function canSniff(head: string): boolean {
  const start = head.search(/\S/);
  if (start < 0) return false;
  return head.indexOf('\n', start) !== -1 || head.length - start >= SNIFF_LIMIT;
}

/** Guesses the format of a file with an unknown extension from its first non-blank line. */
export function sniffFormat(text: string): TaskFileFormat {
  const start = Math.max(0, text.search(/\S/));
  const window = text.slice(start, start + SNIFF_LIMIT);
  const nl = window.indexOf('\n');
  const line = (nl < 0 ? window : window.slice(0, nl)).trimEnd();
  if (line.startsWith('[')) return 'json';
  if (line.startsWith('{')) {
    try {
      // A complete object on the first line means one task per line.
      return isPlainObject(JSON.parse(line)) ? 'jsonl' : 'json';
    } catch {
      return 'json';
    }
  }
  if (line.includes('\t')) return 'tsv';
  if (line.includes(',')) return 'csv';
  return 'txt';
}
