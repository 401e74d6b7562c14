// A class-names file dropped on its own (after the model, the natural order)
// has a task-file extension; its content tells it apart: a JSON list (or
// index → name dict) of plain names, or a .txt of short lines that are no
// URLs or paths. Only asked when a model is loaded or in the same drop.

import { isMediaFile } from './classify';

/** Enough of the file to tell; class lists are small. */
const SNIFF_BYTES = 256 * 1024;
const MAX_NAME_LENGTH = 80;

function isPlainName(value: string): boolean {
  const name = value.trim();
  return (
    name.length > 0 &&
    name.length <= MAX_NAME_LENGTH &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !isMediaFile({ name })
  );
}

function jsonLooksLikeLabels(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((v) => typeof v === 'string' && isPlainName(v));
  }
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.names)) return jsonLooksLikeLabels(record.names);
  const entries = Object.entries(record);
  if (entries.length === 0) return false;
  // {"0": "person", …} or {"person": 0, …}
  return entries.every(
    ([key, v]) =>
      (/^\d+$/.test(key) && typeof v === 'string' && isPlainName(v)) ||
      (typeof v === 'number' && Number.isInteger(v) && isPlainName(key)),
  );
}

/** True when the text reads as a list of class names rather than tasks. */
export function looksLikeLabels(path: string, text: string): boolean {
  const lower = path.toLowerCase();
  if (lower.endsWith('.names')) return true;
  if (lower.endsWith('.json')) {
    try {
      return jsonLooksLikeLabels(JSON.parse(text));
    } catch {
      return false;
    }
  }
  if (!lower.endsWith('.txt')) return false;
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((l) => isPlainName(l) && !l.includes('://'));
}

export async function fileLooksLikeLabels(path: string, file: Blob): Promise<boolean> {
  if (file.size > SNIFF_BYTES) return false;
  return looksLikeLabels(path, await file.text());
}

/** Moves class-names files out of the task files when a model is there to take them. */
export async function sortLabelsByContent<T extends { path: string; file: Blob }>(
  drop: { taskFiles: T[]; labels: T[] },
  modelPresent: boolean,
): Promise<void> {
  if (!modelPresent) return;
  const kept: T[] = [];
  for (const entry of drop.taskFiles) {
    if (await fileLooksLikeLabels(entry.path, entry.file)) drop.labels.push(entry);
    else kept.push(entry);
  }
  drop.taskFiles = kept;
}
