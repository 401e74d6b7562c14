// Span regions on text-like and time-like objects (fact sheet §5).

import { isFiniteNumber, isInteger, show, type JsonObject } from './values';

type Fail = (message: string) => void;

/**
 * `<Text>`: integer offsets in Unicode CODE POINTS of the raw task text.
 * With the task text at hand, also checks the span fits and `value.text`
 * matches it: JS `indexOf` offsets (UTF-16 units) show up here as a mismatch.
 */
export function checkTextSpan(value: JsonObject, fail: Fail, taskText?: string): void {
  const { start, end } = value;
  if (!isInteger(start) || start < 0) {
    fail(`value.start must be a non-negative integer character offset, got ${show(start)}`);
    return;
  }
  if (!isInteger(end) || end < 0) {
    fail(`value.end must be a non-negative integer character offset, got ${show(end)}`);
    return;
  }
  if (start >= end) {
    fail(`value.start (${start}) must be less than value.end (${end}): a span cannot be empty`);
    return;
  }
  const text = value['text'];
  if (text !== undefined && typeof text !== 'string') {
    fail(`value.text (the spanned text) must be a string, got ${show(text)}`);
  }
  if (taskText === undefined) return;
  const codePoints = Array.from(taskText);
  if (end > codePoints.length) {
    fail(
      `value.end (${end}) is past the end of the task text (${codePoints.length} characters, counted in code points)`,
    );
    return;
  }
  if (typeof text === 'string') {
    const actual = codePoints.slice(start, end).join('');
    if (actual !== text) {
      fail(
        `value.text ${show(text)} differs from the task text at ${start}..${end} (${show(actual)}): ` +
          `offsets count Unicode code points (Array.from(text)), not JavaScript UTF-16 units`,
      );
    }
  }
}

/** `<HyperText>`: XPath strings with node offsets, or plain global offsets. */
export function checkHyperTextSpan(value: JsonObject, fail: Fail): void {
  const { start, end } = value;
  if (typeof start === 'string' && typeof end === 'string') {
    for (const key of ['startOffset', 'endOffset']) {
      const v = value[key];
      if (!isInteger(v) || v < 0)
        fail(
          `value.${key} must be a non-negative integer offset within the XPath node, got ${show(v)}`,
        );
    }
    if (start === '' || end === '') fail('value.start and value.end must be non-empty XPaths');
    return;
  }
  if (isInteger(start) && isInteger(end)) {
    if (start < 0 || start >= end)
      fail(`value.start (${start}) must be >= 0 and less than value.end (${end})`);
    return;
  }
  fail(
    `value.start/end must be XPath strings (with startOffset/endOffset) or integer offsets, got ${show(start)}/${show(end)}`,
  );
}

/** `<Audio>`/`<AudioPlus>`: seconds. */
export function checkAudioSpan(value: JsonObject, fail: Fail): void {
  const { start, end, channel } = value;
  if (!isFiniteNumber(start) || start < 0) {
    fail(`value.start must be a non-negative number of seconds, got ${show(start)}`);
    return;
  }
  if (!isFiniteNumber(end)) {
    fail(`value.end must be a number of seconds, got ${show(end)}`);
    return;
  }
  if (start >= end) fail(`value.start (${start} s) must be less than value.end (${end} s)`);
  if (channel !== undefined && (!isInteger(channel) || channel < 0))
    fail(`value.channel must be a non-negative integer, got ${show(channel)}`);
}

/**
 * `<Paragraphs>`: paragraph indices AS STRINGS plus integer offsets (UTF-16
 * units of the utterance, as the editor measures them). With the utterances at
 * hand, also checks the span fits and `value.text` matches them.
 */
export function checkParagraphSpan(value: JsonObject, fail: Fail, paragraphs?: string[]): void {
  const idx: number[] = [];
  for (const key of ['start', 'end']) {
    const v = value[key];
    if (typeof v !== 'string' || !/^\d+$/.test(v)) {
      fail(`value.${key} must be a paragraph index written as a string (e.g. "0"), got ${show(v)}`);
      return;
    }
    idx.push(Number(v));
  }
  const offs: number[] = [];
  for (const key of ['startOffset', 'endOffset']) {
    const v = value[key];
    if (!isInteger(v) || v < 0) {
      fail(
        `value.${key} must be a non-negative integer offset within the paragraph, got ${show(v)}`,
      );
      return;
    }
    offs.push(v);
  }
  const [s = 0, e = 0] = idx;
  const [so = 0, eo = 0] = offs;
  if (s > e || (s === e && so >= eo)) {
    fail(`the span must end after it starts: (${s}, ${so}) .. (${e}, ${eo})`);
    return;
  }
  if (!paragraphs) return;
  const first = paragraphs[s];
  const last = paragraphs[e];
  if (first === undefined || last === undefined) {
    fail(`value.end ("${e}") is past the last paragraph (the task has ${paragraphs.length})`);
    return;
  }
  if (so > first.length || eo > last.length) {
    fail(
      `the span (${s}, ${so}) .. (${e}, ${eo}) runs past its paragraph's text (offsets count UTF-16 units of the utterance)`,
    );
    return;
  }
  const text = value['text'];
  if (typeof text === 'string' && s === e && first.slice(so, eo) !== text) {
    fail(
      `value.text ${show(text)} differs from paragraph ${s} at ${so}..${eo} (${show(first.slice(so, eo))})`,
    );
  }
}

/** `<TimeSeries>`: start/end (numbers or date strings) and `instant`. */
export function checkTimeSeriesSpan(value: JsonObject, fail: Fail): void {
  const { start, end, instant } = value;
  if (typeof instant !== 'boolean') {
    fail(
      `value.instant must be true or false (strict validation requires it), got ${show(instant)}`,
    );
  }
  const okEnd = (v: unknown) => isFiniteNumber(v) || (typeof v === 'string' && v !== '');
  if (!okEnd(start) || !okEnd(end)) {
    fail(`value.start/end must be numbers or time strings, got ${show(start)}/${show(end)}`);
    return;
  }
  if (isFiniteNumber(start) && isFiniteNumber(end)) {
    if (start > end) fail(`value.start (${start}) must not be after value.end (${end})`);
    if (instant === true && start !== end)
      fail(`an instant region has start === end, got ${start} and ${end}`);
  }
}
