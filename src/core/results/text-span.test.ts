import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codePointSpanResult,
  createCodePointConverter,
  textSpanResult,
  utf16ToCodePointOffset,
} from './text-span';

const ctl = { fromName: 'label', toName: 'text', id: 's1' };

describe('utf16ToCodePointOffset', () => {
  it('counts code points like Python (fact sheet §5 example)', () => {
    const text = 'I ❤️ 🦄 visited Paris';
    const idx = text.indexOf('Paris');
    expect(idx).toBe(16); // UTF-16: 🦄 is two units
    expect(utf16ToCodePointOffset(text, idx)).toBe(15); // ❤️ is 2 code points, 🦄 one
    expect(utf16ToCodePointOffset(text, text.length)).toBe(20);
  });

  it('counts \\r\\n as two characters', () => {
    const text = 'line one\r\nline two';
    expect(utf16ToCodePointOffset(text, text.indexOf('two'))).toBe(15);
  });

  it('rounds an index inside a surrogate pair down to the code point start', () => {
    const text = 'a🦄b';
    expect(utf16ToCodePointOffset(text, 2)).toBe(1);
    expect(utf16ToCodePointOffset(text, 3)).toBe(2);
  });

  it('throws for indices outside the text', () => {
    expect(() => utf16ToCodePointOffset('abc', 4)).toThrow(RangeError);
    expect(() => utf16ToCodePointOffset('abc', -1)).toThrow(RangeError);
    expect(() => utf16ToCodePointOffset('abc', 1.5)).toThrow(RangeError);
  });

  it('agrees with Array.from code point counting and with the batch converter (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), (text, n) => {
        // indices on code point boundaries only, as indexOf/RegExp give
        const boundaries = [0];
        for (const ch of text)
          boundaries.push((boundaries[boundaries.length - 1] as number) + ch.length);
        const index = boundaries[n % boundaries.length] as number;
        const expected = Array.from(text.slice(0, index)).length;
        expect(utf16ToCodePointOffset(text, index)).toBe(expected);
        expect(createCodePointConverter(text)(index)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('textSpanResult', () => {
  it('emits code point offsets and the covered substring', () => {
    const text = 'I ❤️ 🦄 visited Paris on 27 May';
    const start = text.indexOf('Paris');
    const r = textSpanResult({ ...ctl, text, start, end: start + 5, labels: ['City'], score: 0.8 });
    expect(r).toEqual({
      id: 's1',
      from_name: 'label',
      to_name: 'text',
      type: 'labels',
      score: 0.8,
      value: { start: 15, end: 20, text: 'Paris', labels: ['City'] },
    });
  });

  it('slicing the code point array with the offsets gives the span text back', () => {
    const text = 'Ünïcödé 𝒳 test\r\n🦄 on 27.05';
    const m = /27/.exec(text) as RegExpExecArray;
    const convert = createCodePointConverter(text);
    const r = textSpanResult(
      { ...ctl, text, start: m.index, end: m.index + 2, labels: ['Date'] },
      convert,
    );
    const v = r?.value as { start: number; end: number; text: string };
    expect(Array.from(text).slice(v.start, v.end).join('')).toBe('27');
    expect(v.text).toBe('27');
  });

  it('returns null for empty spans', () => {
    expect(textSpanResult({ ...ctl, text: 'abc', start: 1, end: 1, labels: ['X'] })).toBeNull();
  });
});

describe('codePointSpanResult', () => {
  it('keeps code point offsets as given and files labels under the result type', () => {
    const base = { fromName: 'htl', toName: 'html', id: 'h1', start: 3, end: 8, text: 'Paris' };
    expect(
      codePointSpanResult({ ...base, labels: ['LOC'], type: 'hypertextlabels', score: 0.5 }),
    ).toEqual({
      id: 'h1',
      from_name: 'htl',
      to_name: 'html',
      type: 'hypertextlabels',
      score: 0.5,
      value: { start: 3, end: 8, text: 'Paris', hypertextlabels: ['LOC'] },
    });
    expect(codePointSpanResult({ ...base, labels: ['LOC'] })?.value).toHaveProperty('labels');
  });
  it('returns null for empty, reversed or fractional spans', () => {
    const base = { fromName: 'a', toName: 'b', id: 'x', text: '', labels: ['L'] };
    expect(codePointSpanResult({ ...base, start: 2, end: 2 })).toBeNull();
    expect(codePointSpanResult({ ...base, start: 3, end: 2 })).toBeNull();
    expect(codePointSpanResult({ ...base, start: 0.5, end: 2 })).toBeNull();
  });
});
