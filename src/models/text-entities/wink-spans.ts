// Dates, times, money, percentages, e-mails, URLs, hashtags and mentions from
// wink-nlp with its lite English model (both MIT, no download). wink gives
// entities as token ranges; token offsets are found by walking the text,
// since wink reports each token's value and the spaces before it.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { BuiltinEntityClass } from './builtin-classes';
import { builtinClassIndex } from './builtin-classes';
import type { Utf16Span } from './span';

const WINK_TYPES: Record<string, BuiltinEntityClass> = {
  DATE: 'Date',
  TIME: 'Time',
  MONEY: 'Money',
  PERCENT: 'Percent',
  EMAIL: 'Email',
  URL: 'URL',
  HASHTAG: 'Hashtag',
  MENTION: 'Mention',
};

type Wink = ReturnType<typeof winkNLP>;
let wink: Wink | undefined;

/** The model is read once (about 0.1 s) on first use. */
function engine(): Wink {
  wink ??= winkNLP(model);
  return wink;
}

/** Where each token sits in `text` (UTF-16), or -1 where it could not be found. */
function tokenOffsets(text: string, values: string[]): Int32Array {
  const starts = new Int32Array(values.length).fill(-1);
  let cursor = 0;
  values.forEach((value, i) => {
    const at = text.indexOf(value, cursor);
    // a token more than a few spaces away is not this one (wink normalised it)
    if (at >= 0 && /^\s*$/.test(text.slice(cursor, at))) {
      starts[i] = at;
      cursor = at + value.length;
    }
  });
  return starts;
}

/** Spans in UTF-16 units of `text`, shifted by `base`. */
export function winkSpans(text: string, base = 0): Utf16Span[] {
  const nlp = engine();
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const entities = doc.entities();
  if (entities.length() === 0) return [];
  const values = doc.tokens().out(its.value) as string[];
  const starts = tokenOffsets(text, values);
  const types = entities.out(its.type) as string[];
  const ranges = entities.out(its.span) as unknown as [number, number][];
  const spans: Utf16Span[] = [];
  ranges.forEach(([first, last], i) => {
    const name = WINK_TYPES[types[i] ?? ''];
    const start = starts[first];
    const lastStart = starts[last];
    const lastValue = values[last];
    if (!name || start === undefined || start < 0) return;
    if (lastStart === undefined || lastStart < 0 || lastValue === undefined) return;
    const end = lastStart + lastValue.length;
    spans.push({
      start: base + start,
      end: base + end,
      classIndex: builtinClassIndex(name),
      score: 1,
    });
  });
  return spans;
}
