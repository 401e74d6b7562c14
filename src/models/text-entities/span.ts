// An entity found in a text. Offsets count Unicode CODE POINTS of the raw task
// text, as Label Studio does (interop fact sheet §5): `\r\n` counts two and
// `[...text].slice(start, end).join('') === span.text`.

export interface EntitySpan {
  /** Code point offset, inclusive. */
  start: number;
  /** Code point offset, exclusive. */
  end: number;
  /** The covered characters, exactly. */
  text: string;
  /** Index into the tagger's or model's class list. */
  classIndex: number;
  /** 0..1; rule-based matches carry 1 (they have no probability). */
  score: number;
}

/** A span still in UTF-16 units (what String and RegExp indices give). */
export interface Utf16Span {
  start: number;
  end: number;
  classIndex: number;
  score: number;
}

const SURROUNDING_SPACE = /\s/u;

/**
 * Code point spans from UTF-16 ones, whitespace at either edge trimmed; empty
 * spans dropped. `toCodePoints` maps a UTF-16 index to code points (see
 * core/results/text-span's createCodePointConverter).
 */
export function toCodePointSpans(
  text: string,
  spans: readonly Utf16Span[],
  toCodePoints: (index: number) => number,
): EntitySpan[] {
  const out: EntitySpan[] = [];
  for (const span of spans) {
    let { start, end } = span;
    while (start < end && SURROUNDING_SPACE.test(text[start] as string)) start++;
    while (end > start && SURROUNDING_SPACE.test(text[end - 1] as string)) end--;
    if (end <= start) continue;
    out.push({
      start: toCodePoints(start),
      end: toCodePoints(end),
      text: text.slice(start, end),
      classIndex: span.classIndex,
      score: span.score,
    });
  }
  return out;
}

/**
 * Drops spans overlapping an earlier kept one. `priority` (lower first) picks
 * which of two overlapping spans stays; then the longer; then the earlier.
 */
export function dropOverlaps<T extends { start: number; end: number }>(
  spans: readonly T[],
  priority: (span: T) => number = () => 0,
): T[] {
  const ranked = [...spans].sort(
    (a, b) => priority(a) - priority(b) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: T[] = [];
  for (const span of ranked) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
