// The text an entity model reads for a span target, and how a span of it
// (code points of that text) becomes the position fields of a Label Studio
// result on the target's object: offsets on <Text>, XPaths on <HyperText>,
// paragraph indices on <Paragraphs>.
import { htmlText } from '../results/html-text';
import { hyperTextSpanValue } from '../results/hypertext-span';
import { paragraphSpanValue, paragraphsText } from '../results/paragraph-span';
import { createUtf16Converter } from '../results/text-span';
import type { TextTarget } from './text-targets';
import { TextTargetError, taskTextOf } from './text-targets';

export interface SpanPlace {
  start: number;
  end: number;
  text: string;
}

export interface SpanSource {
  /** What the model reads. */
  text: string;
  /** A span's position fields (`value` without the labels), or null when it cannot be placed. */
  place(span: SpanPlace): Record<string, unknown> | null;
}

/** The span source of a task for a span target; throws naming the data and the cause. */
export function spanSourceOf(target: TextTarget, data: Record<string, unknown>): SpanSource {
  const shown = taskTextOf(target.object, data);
  const attrs = target.object.attrs;
  if (shown.kind === 'dialogue') {
    let doc;
    try {
      doc = paragraphsText(shown.turns, attrs['textkey'] ?? 'text');
    } catch (error) {
      throw new TextTargetError(
        `${target.object.dataKey ? `$${target.object.dataKey}` : 'the dialogue'}: ${(error as Error).message}`,
      );
    }
    const toUtf16 = createUtf16Converter(doc.text);
    return {
      text: doc.text,
      place: (s) => paragraphSpanValue(doc, toUtf16(s.start), toUtf16(s.end)),
    };
  }
  if (target.object.tag === 'HyperText') {
    const doc = htmlText(shown.text, { inline: (attrs['inline'] ?? '').toLowerCase() === 'true' });
    const toUtf16 = createUtf16Converter(doc.text);
    return {
      text: doc.text,
      place: (s) => hyperTextSpanValue(doc, toUtf16(s.start), toUtf16(s.end)),
    };
  }
  return { text: shown.text, place: (s) => ({ start: s.start, end: s.end, text: s.text }) };
}
