// What a text project's preview shows for a task, and where its span results
// fall in it (code points of the shown text): a <Text> as it is, a
// <HyperText> as the text of its page (never its markup), a <Paragraphs>
// dialogue as `author: text` lines. Span results on the last two name XPaths
// or paragraph indices, so their shown offsets are worked out here.
import type { ObjectTag } from '../core/config/types';
import { taskTextOf } from '../core/mapping/text-targets';
import { htmlText, type HtmlText } from '../core/results/html-text';
import type { LsResult } from '../core/results/types';
import { formatDialogue } from '../models/shared/prompt';
import type { TaskText } from './api';

const points = (s: string): number => Array.from(s).length;

function hyperTextOffsets(doc: HtmlText, results: readonly LsResult[]): TaskText['offsets'] {
  const byPath = new Map(doc.nodes.map((n) => [n.path, n]));
  const at = (path: unknown, offset: unknown): number | null => {
    const node = typeof path === 'string' ? byPath.get(path) : undefined;
    if (!node || typeof offset !== 'number') return null;
    // offset: code points within the node
    const within = Array.from(node.text).slice(0, offset).join('').length;
    return points(doc.text.slice(0, node.start + within));
  };
  const out: NonNullable<TaskText['offsets']> = {};
  for (const r of results) {
    const v = r.value;
    const start = at(v['start'], v['startOffset']);
    const end = at(v['end'], v['endOffset']);
    if (start !== null && end !== null && end > start) out[r.id] = [start, end];
  }
  return out;
}

function dialogueOffsets(
  object: ObjectTag,
  turns: readonly unknown[],
  results: readonly LsResult[],
): TaskText['offsets'] {
  const nameKey = object.attrs['namekey'] ?? 'author';
  const textKey = object.attrs['textkey'] ?? 'text';
  // where each turn's text starts in the `author: text` lines
  const starts: number[] = [];
  let at = 0;
  for (const turn of turns) {
    const record = (turn ?? {}) as Record<string, unknown>;
    const author = record[nameKey];
    const prefix = typeof author === 'string' && author !== '' ? `${author}: ` : '';
    const text = typeof record[textKey] === 'string' ? record[textKey] : '';
    starts.push(at + points(prefix));
    at += points(prefix) + points(text) + 1;
  }
  const out: NonNullable<TaskText['offsets']> = {};
  for (const r of results) {
    const { start, end, startOffset, endOffset } = r.value;
    if (typeof start !== 'string' || start !== end) continue;
    const i = Number(start);
    const turn = turns[i] as Record<string, unknown> | undefined;
    const text = turn?.[textKey];
    if (typeof text !== 'string' || typeof startOffset !== 'number') continue;
    if (typeof endOffset !== 'number') continue;
    const base = starts[i] as number;
    out[r.id] = [
      base + points(text.slice(0, startOffset)),
      base + points(text.slice(0, endOffset)),
    ];
  }
  return out;
}

/** What the object shows for a task (null when the task lacks its data). */
export function taskTextView(
  object: ObjectTag,
  data: Record<string, unknown>,
  results: readonly LsResult[] = [],
): TaskText | null {
  try {
    const shown = taskTextOf(object, data);
    if (shown.kind === 'dialogue') {
      const view: TaskText = { object: object.name, value: formatDialogue(shown.turns) };
      const offsets = dialogueOffsets(object, shown.turns, results);
      if (offsets && Object.keys(offsets).length > 0) view.offsets = offsets;
      return view;
    }
    if (object.tag === 'HyperText') {
      const inline = (object.attrs['inline'] ?? '').toLowerCase() === 'true';
      const doc = htmlText(shown.text, { inline });
      const view: TaskText = { object: object.name, value: doc.text };
      const offsets = hyperTextOffsets(doc, results);
      if (offsets && Object.keys(offsets).length > 0) view.offsets = offsets;
      return view;
    }
    return { object: object.name, value: shown.text };
  } catch {
    return null;
  }
}
