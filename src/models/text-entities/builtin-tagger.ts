// The built-in entity tagger: weights-free, from npm, so a text project gets
// pre-labels the moment it opens. compromise finds names, wink-nlp finds
// patterns; where both claim the same characters the pattern wins
// ("@bob" is a Mention, not a Person).
import { createCodePointConverter } from '../../core/results/text-span';
import { builtinClassIndex } from './builtin-classes';
import { textChunks } from './chunks';
import { compromiseSpans } from './compromise-spans';
import type { EntitySpan, Utf16Span } from './span';
import { dropOverlaps, toCodePointSpans } from './span';
import { winkSpans } from './wink-spans';

/** Characters per tagger call: bounds memory on megabyte texts. */
export const TAGGER_CHUNK = 20_000;

const NAME_CLASSES = new Set(
  ['Person', 'Place', 'Organization'].map((n) => builtinClassIndex(n as 'Person')),
);

/** Every entity the built-in tagger finds, in text order, without overlaps. */
export function tagEntities(text: string): EntitySpan[] {
  const spans: Utf16Span[] = [];
  for (const [start, end] of textChunks(text, TAGGER_CHUNK)) {
    const piece = text.slice(start, end);
    spans.push(...winkSpans(piece, start), ...compromiseSpans(piece, start));
  }
  const kept = dropOverlaps(spans, (s) => (NAME_CLASSES.has(s.classIndex) ? 1 : 0));
  return toCodePointSpans(text, kept, createCodePointConverter(text));
}
