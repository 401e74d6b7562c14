// People, places, organisations and phone numbers from compromise (MIT): a
// lexicon- and rule-based English tagger, no weights. Offsets are taken from
// the first and last TERM of a match: a match's own offset includes the
// punctuation around it ("Smith," / "Paris.").
import nlp from 'compromise';
import type { BuiltinEntityClass } from './builtin-classes';
import { builtinClassIndex } from './builtin-classes';
import type { Utf16Span } from './span';

interface Term {
  offset?: { start: number; length: number };
}
/** compromise views expose their matches as term lists (`docs`); `.json()` is ~30× slower. */
interface Selection {
  docs: Term[][];
}

type Doc = ReturnType<typeof nlp>;

const METHODS: [BuiltinEntityClass, (doc: Doc) => unknown][] = [
  ['Person', (doc) => doc.people()],
  ['Place', (doc) => doc.places()],
  ['Organization', (doc) => doc.organizations()],
  ['Phone', (doc) => doc.phoneNumbers()],
];

/** Spans in UTF-16 units of `text`, shifted by `base`. */
export function compromiseSpans(text: string, base = 0): Utf16Span[] {
  const doc = nlp(text);
  doc.compute('offset');
  const spans: Utf16Span[] = [];
  for (const [name, select] of METHODS) {
    const classIndex = builtinClassIndex(name);
    for (const terms of (select(doc) as Selection).docs) {
      const first = terms[0]?.offset;
      const last = terms[terms.length - 1]?.offset;
      if (!first || !last) continue;
      const start = first.start;
      const end = last.start + last.length;
      if (end > start) spans.push({ start: base + start, end: base + end, classIndex, score: 1 });
    }
  }
  return spans;
}
