// Text span results (fact sheet §5): start/end count Unicode CODE POINTS of the raw task
// text (as Python does), not JavaScript UTF-16 units; `\r\n` counts as two.

import type { LsResult } from './types';
import type { ControlIdentity } from './geometry';
import { withScore } from './geometry';

export interface TextSpanInput extends ControlIdentity {
  id: string;
  /** The raw task text, exactly as in the task data. */
  text: string;
  /** UTF-16 index (as from indexOf / RegExp), inclusive. */
  start: number;
  /** UTF-16 index, exclusive. */
  end: number;
  labels: string[];
  score?: number;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function checkIndex(text: string, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > text.length) {
    throw new RangeError(`index ${index} outside text of length ${text.length}`);
  }
}

/**
 * Code points before UTF-16 `index`. An index inside a surrogate pair is rounded down to
 * the start of that code point.
 */
export function utf16ToCodePointOffset(text: string, index: number): number {
  checkIndex(text, index);
  let count = 0;
  for (let i = 0; i < index; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === index) break; // splits the pair
      i++;
    }
    count++;
  }
  return count;
}

/**
 * Converter for many spans of one text (NER): O(text) once, O(1) per index. Texts without
 * astral characters (the usual case) convert as the identity.
 */
export function createCodePointConverter(text: string): (index: number) => number {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) {
    return (index) => {
      checkIndex(text, index);
      return index;
    };
  }
  const map = new Int32Array(text.length + 1);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = count;
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      map[++i] = count; // inside a pair: same as its start
    }
    count++;
  }
  map[text.length] = count;
  return (index) => {
    checkIndex(text, index);
    return map[index] as number;
  };
}

/**
 * `<Labels>` on `<Text>` result from UTF-16 indices. `value.text` is the covered substring.
 * Empty spans → null; indices outside the text throw.
 */
export function textSpanResult(
  input: TextSpanInput,
  toCodePoints: (index: number) => number = (i) => utf16ToCodePointOffset(input.text, i),
): LsResult | null {
  const { text, start, end } = input;
  checkIndex(text, start);
  checkIndex(text, end);
  const cpStart = toCodePoints(start);
  const cpEnd = toCodePoints(end);
  if (cpEnd <= cpStart) return null;
  return withScore(
    {
      id: input.id,
      from_name: input.fromName,
      to_name: input.toName,
      type: 'labels',
      value: {
        start: cpStart,
        end: cpEnd,
        text: text.slice(start, end),
        labels: [...input.labels],
      },
    },
    input.score,
  );
}

export interface CodePointSpanInput extends ControlIdentity {
  id: string;
  /** Code point offsets of the raw task text (as models in src/models/text-entities give). */
  start: number;
  end: number;
  /** The covered characters. */
  text: string;
  labels: string[];
  score?: number;
  /** `hypertextlabels` for `<HyperTextLabels>`; default `labels`. */
  type?: 'labels' | 'hypertextlabels';
}

/** A span result from offsets already in code points; empty or reversed spans → null. */
export function codePointSpanResult(input: CodePointSpanInput): LsResult | null {
  const { start, end } = input;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return null;
  const type = input.type ?? 'labels';
  return withScore(
    {
      id: input.id,
      from_name: input.fromName,
      to_name: input.toName,
      type,
      value: { start, end, text: input.text, [type]: [...input.labels] },
    },
    input.score,
  );
}

/** The reverse converter: code point offset → UTF-16 index (identity without astral characters). */
export function createUtf16Converter(text: string): (codePoint: number) => number {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return (index) => index;
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    starts.push(i);
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
  }
  starts.push(text.length);
  return (index) => {
    const at = starts[index];
    if (at === undefined) throw new RangeError(`code point ${index} outside the text`);
    return at;
  };
}
