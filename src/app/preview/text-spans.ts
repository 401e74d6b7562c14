// Span results → pieces of the task text to draw: the text cut at every
// span boundary, each piece with the spans covering it. Offsets are Unicode
// code points (Label Studio's), so the cuts are made on code points: an emoji
// before a span does not shift it.
import type { LsResult } from '../../core/results/types';

export interface TextSpan {
  id: string;
  start: number;
  end: number;
  label: string;
  score?: number;
}

export interface TextPiece {
  text: string;
  /** Code point offset of the piece in the task text. */
  start: number;
  /** The spans covering the piece, in result order (the last is drawn on top). */
  spans: TextSpan[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The span results (`labels`, `hypertextlabels`, `paragraphlabels`) among a
 * task's results; `offsets` places those whose value has XPaths or paragraph
 * indices (the worker's TaskText.offsets).
 */
export function spansOf(
  results: readonly LsResult[],
  offsets: Readonly<Record<string, readonly [number, number]>> = {},
): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const r of results) {
    const placed = offsets[r.id];
    const { start, end } = placed
      ? { start: placed[0], end: placed[1] }
      : (r.value as { start?: unknown; end?: unknown });
    if (!isNumber(start) || !isNumber(end) || end <= start) continue;
    const labels = r.value[r.type];
    const label = Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : '';
    const span: TextSpan = { id: r.id, start, end, label };
    if (r.score !== undefined) span.score = r.score;
    spans.push(span);
  }
  return spans;
}

/** The text in pieces: plain runs and runs under one or more spans (spans past the end are cut). */
export function textPieces(text: string, spans: readonly TextSpan[]): TextPiece[] {
  const points = Array.from(text);
  const cuts = new Set([0, points.length]);
  for (const s of spans) {
    cuts.add(Math.min(s.start, points.length));
    cuts.add(Math.min(s.end, points.length));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: TextPiece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    if (end <= start) continue;
    pieces.push({
      text: points.slice(start, end).join(''),
      start,
      spans: spans.filter((s) => s.start <= start && s.end >= end),
    });
  }
  return pieces;
}
