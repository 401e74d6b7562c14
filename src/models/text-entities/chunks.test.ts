import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textChunks } from './chunks';

describe('textChunks', () => {
  it('cuts after a line break, else after a space', () => {
    expect(textChunks('aaaa\nbbbb cc', 6)).toEqual([
      [0, 5],
      [5, 10],
      [10, 12],
    ]);
  });
  it('covers the text exactly, never splitting a surrogate pair (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 2, max: 40 }),
        (text, max) => {
          const chunks = textChunks(text, max);
          expect(chunks.map(([s, e]) => text.slice(s, e)).join('')).toBe(text);
          for (const [, end] of chunks.slice(0, -1)) {
            const code = text.charCodeAt(end - 1);
            expect(code >= 0xd800 && code <= 0xdbff).toBe(false);
          }
        },
      ),
    );
  });
});
