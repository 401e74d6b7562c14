// <ParagraphLabels> span on a <Paragraphs> dialogue (fact sheet §5): `start`
// and `end` are paragraph indices written as strings, `startOffset` and
// `endOffset` count UTF-16 units of that paragraph's text (the editor measures
// them with a DOM range's toString().length, in 1.4.0 as in later editors).

export interface ParagraphsText {
  /** What a model reads: each paragraph's text, one per line. */
  text: string;
  /** UTF-16 index of each paragraph's text in `text`. */
  starts: number[];
  paragraphs: string[];
}

export class ParagraphsTextError extends Error {}

/** The dialogue's texts under `textKey`; throws naming the first turn without one. */
export function paragraphsText(turns: readonly unknown[], textKey = 'text'): ParagraphsText {
  const paragraphs = turns.map((turn, i) => {
    const value =
      typeof turn === 'object' && turn !== null
        ? (turn as Record<string, unknown>)[textKey]
        : undefined;
    if (typeof value !== 'string') {
      throw new ParagraphsTextError(`paragraph ${i} has no "${textKey}" string`);
    }
    return value;
  });
  const starts: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    starts.push(at);
    at += p.length + 1;
  }
  return { text: paragraphs.join('\n'), starts, paragraphs };
}

export interface ParagraphSpanValue extends Record<string, unknown> {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
  text: string;
}

/**
 * The position of a span given by UTF-16 indices of `doc.text`; null when it
 * is empty or runs over a paragraph break (a label names one utterance's words).
 */
export function paragraphSpanValue(
  doc: ParagraphsText,
  start: number,
  end: number,
): ParagraphSpanValue | null {
  if (!(end > start) || start < 0) return null;
  for (let i = doc.starts.length - 1; i >= 0; i--) {
    const at = doc.starts[i] as number;
    if (at > start) continue;
    const paragraph = doc.paragraphs[i] as string;
    if (end - at > paragraph.length) return null;
    return {
      start: String(i),
      end: String(i),
      startOffset: start - at,
      endOffset: end - at,
      text: paragraph.slice(start - at, end - at),
    };
  }
  return null;
}
