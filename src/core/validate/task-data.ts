// Reads an object's data from a task, to check spans against the real text.

import type { ObjectTag } from '../config/types';
import { isObject } from './values';

/** Follows a `$key` path (`a.b`, `arr[0]`, `a.list[2].x`) through task data. */
export function getDataPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

/** The raw text a `<Text>` shows, or undefined when it is a URL or absent. */
export function readTaskText(
  object: ObjectTag,
  data: Record<string, unknown> | undefined,
): string | undefined {
  // URL-loaded or encoded text is not the raw string the offsets count in.
  if (object.attrs['valuetype'] === 'url') return undefined;
  if ((object.attrs['encoding'] ?? 'none') !== 'none') return undefined;
  if (object.dataKey === undefined) {
    const literal = object.attrs['value'];
    return literal !== undefined && !literal.startsWith('$') ? literal : undefined;
  }
  if (!data) return undefined;
  const v = getDataPath(data, object.dataKey);
  return typeof v === 'string' ? v : undefined;
}

/** The utterance texts of a `<Paragraphs>` (its `textKey`), or undefined when not all are strings. */
export function readParagraphs(
  object: ObjectTag,
  data: Record<string, unknown> | undefined,
): string[] | undefined {
  if (!data || object.dataKey === undefined) return undefined;
  const turns = getDataPath(data, object.dataKey);
  if (!Array.isArray(turns)) return undefined;
  const key = object.attrs['textkey'] ?? 'text';
  const texts = turns.map((t) => (isObject(t) ? t[key] : undefined));
  return texts.every((t): t is string => typeof t === 'string') ? texts : undefined;
}
