import { describe, expect, it } from 'vitest';
import { messages } from './test-fixtures';

const TEXT = 'I ❤️ 🦄 visited Paris';

const ner = (value: Record<string, unknown>) => ({
  id: 's1',
  from_name: 'ner',
  to_name: 'text',
  type: 'labels',
  value: { labels: ['LOC'], ...value },
});

describe('text spans', () => {
  it('accepts integer offsets with start < end', () => {
    expect(messages([ner({ start: 15, end: 20, text: 'Paris' })])).toEqual([]);
  });
  it('rejects empty, reversed, negative and fractional spans', () => {
    expect(messages([ner({ start: 5, end: 5 })])).toEqual([
      expect.stringMatching(/value\.start \(5\) must be less than value\.end \(5\)/),
    ]);
    expect(messages([ner({ start: 9, end: 5 })])).toEqual([
      expect.stringMatching(/must be less than/),
    ]);
    expect(messages([ner({ start: -1, end: 5 })])).toEqual([
      expect.stringMatching(/value\.start must be a non-negative integer/),
    ]);
    expect(messages([ner({ start: 1, end: 5.5 })])).toEqual([
      expect.stringMatching(/value\.end must be a non-negative integer/),
    ]);
  });
  it('checks offsets against the task text in code points (fact sheet example)', () => {
    const data = { text: TEXT };
    expect(messages([ner({ start: 15, end: 20, text: 'Paris' })], undefined, data)).toEqual([]);
    // TEXT.indexOf('Paris') is 16 (UTF-16 units): the classic mistake.
    expect(TEXT.indexOf('Paris')).toBe(16);
    expect(messages([ner({ start: 16, end: 21, text: 'Paris' })], undefined, data)).toEqual([
      expect.stringMatching(
        /value\.end \(21\) is past the end of the task text \(20 characters, counted in code points\)/,
      ),
    ]);
    expect(messages([ner({ start: 14, end: 19, text: 'Paris' })], undefined, data)).toEqual([
      expect.stringMatching(
        /value\.text "Paris" differs from the task text at 14\.\.19 \(" Pari"\): offsets count Unicode code points/,
      ),
    ]);
  });
  it('counts \\r\\n as two characters', () => {
    const data = { text: 'a\r\nParis' };
    expect(messages([ner({ start: 3, end: 8, text: 'Paris' })], undefined, data)).toEqual([]);
  });
});

describe('hypertext spans', () => {
  const htl = (value: Record<string, unknown>) => ({
    id: 'h1',
    from_name: 'htl',
    to_name: 'html',
    type: 'hypertextlabels',
    value: { hypertextlabels: ['Header'], ...value },
  });
  it('accepts XPaths with offsets, or global offsets', () => {
    expect(
      messages([
        htl({ start: '/p[1]/text()[1]', end: '/p[1]/text()[1]', startOffset: 0, endOffset: 4 }),
      ]),
    ).toEqual([]);
    expect(messages([htl({ start: 3, end: 9 })])).toEqual([]);
  });
  it('rejects XPaths without offsets and mixed forms', () => {
    expect(messages([htl({ start: '/p[1]', end: '/p[1]' })])).toEqual([
      expect.stringMatching(/value\.startOffset must be a non-negative integer/),
      expect.stringMatching(/value\.endOffset must be a non-negative integer/),
    ]);
    expect(messages([htl({ start: '/p[1]', end: 4 })])).toEqual([
      expect.stringMatching(/must be XPath strings .* or integer offsets/),
    ]);
  });
  it('rejects the legacy htmllabels key', () => {
    const legacy = {
      id: 'h1',
      from_name: 'htl',
      to_name: 'html',
      type: 'hypertextlabels',
      value: { start: 1, end: 2, htmllabels: ['Header'] },
    };
    expect(messages([legacy])).toContain(
      'result 0 (from_name "htl"): value.htmllabels should be value.hypertextlabels: the label list key equals the result type',
    );
  });
});

describe('audio segments', () => {
  const seg = (value: Record<string, unknown>) => ({
    id: 'a1',
    from_name: 'speech',
    to_name: 'audio',
    type: 'labels',
    value: { labels: ['Speech'], ...value },
  });
  it('accepts start < end in seconds', () => {
    expect(messages([seg({ start: 3.1, end: 8.2, channel: 0 })])).toEqual([]);
  });
  it('rejects reversed, missing and string times', () => {
    expect(messages([seg({ start: 8.2, end: 3.1 })])).toEqual([
      expect.stringMatching(/value\.start \(8\.2 s\) must be less than value\.end \(3\.1 s\)/),
    ]);
    expect(messages([seg({ start: '3.1', end: 8 })])).toEqual([
      expect.stringMatching(/value\.start must be a non-negative number of seconds/),
    ]);
    expect(messages([seg({ start: 1 })])).toEqual([
      expect.stringMatching(/value\.end must be a number of seconds/),
    ]);
    expect(messages([seg({ start: 1, end: 2, channel: -1 })])).toEqual([
      expect.stringMatching(/value\.channel must be a non-negative integer/),
    ]);
  });
});

describe('paragraph spans', () => {
  const para = (value: Record<string, unknown>) => ({
    id: 'p1',
    from_name: 'para',
    to_name: 'dialog',
    type: 'paragraphlabels',
    value: { paragraphlabels: ['Question'], ...value },
  });
  it('accepts paragraph indices as strings with offsets', () => {
    expect(messages([para({ start: '0', end: '2', startOffset: 5, endOffset: 1 })])).toEqual([]);
  });
  it('rejects numeric indices (strict form is a string) and reversed spans', () => {
    expect(messages([para({ start: 0, end: '0', startOffset: 0, endOffset: 3 })])).toEqual([
      expect.stringMatching(
        /value\.start must be a paragraph index written as a string \(e\.g\. "0"\), got 0/,
      ),
    ]);
    expect(messages([para({ start: '1', end: '1', startOffset: 4, endOffset: 4 })])).toEqual([
      expect.stringMatching(/the span must end after it starts/),
    ]);
  });
  it("with the task's dialogue: the span fits its utterance and its text matches (UTF-16 offsets)", () => {
    const data = { dialog: [{ text: 'Hi 🦄 Ann' }, { text: 'Bye' }] };
    const ok = para({ start: '0', end: '0', startOffset: 6, endOffset: 9, text: 'Ann' });
    expect(messages([ok], undefined, data)).toEqual([]);
    // code point offsets (5..8) are off by the emoji's second unit
    const points = para({ start: '0', end: '0', startOffset: 5, endOffset: 8, text: 'Ann' });
    expect(messages([points], undefined, data)).toEqual([
      expect.stringMatching(/value\.text "Ann" differs from paragraph 0 at 5\.\.8/),
    ]);
    const past = para({ start: '1', end: '2', startOffset: 0, endOffset: 1 });
    expect(messages([past], undefined, data)).toEqual([
      expect.stringMatching(/past the last paragraph \(the task has 2\)/),
    ]);
    const long = para({ start: '1', end: '1', startOffset: 0, endOffset: 9 });
    expect(messages([long], undefined, data)).toEqual([
      expect.stringMatching(/runs past its paragraph's text/),
    ]);
  });
});

describe('time series spans', () => {
  const tsl = (value: Record<string, unknown>) => ({
    id: 't1',
    from_name: 'tsl',
    to_name: 'ts',
    type: 'timeserieslabels',
    value: { timeserieslabels: ['Run'], ...value },
  });
  it('accepts start/end with instant', () => {
    expect(messages([tsl({ start: 10, end: 20, instant: false })])).toEqual([]);
    expect(messages([tsl({ start: 10, end: 10, instant: true })])).toEqual([]);
    expect(
      messages([tsl({ start: '2024-01-01 00:00', end: '2024-01-02 00:00', instant: false })]),
    ).toEqual([]);
  });
  it('requires instant and ordered ends', () => {
    expect(messages([tsl({ start: 10, end: 20 })])).toEqual([
      expect.stringMatching(/value\.instant must be true or false/),
    ]);
    expect(messages([tsl({ start: 20, end: 10, instant: false })])).toEqual([
      expect.stringMatching(/must not be after value\.end/),
    ]);
    expect(messages([tsl({ start: 10, end: 12, instant: true })])).toEqual([
      expect.stringMatching(/an instant region has start === end/),
    ]);
  });
});

describe('<Labels> on objects without spans', () => {
  it('points video labels at VideoRectangle', () => {
    const r = {
      id: 'x',
      from_name: 'vlabels',
      to_name: 'video',
      type: 'labels',
      value: { labels: ['Car'] },
    };
    expect(messages([r])).toEqual([
      expect.stringMatching(/<Labels> results on <Video> are not regions .*<VideoRectangle>/),
    ]);
  });
});
