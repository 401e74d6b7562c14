import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ENTITY_CLASSES } from './builtin-classes';
import { tagEntities, TAGGER_CHUNK } from './builtin-tagger';
import type { EntitySpan } from './span';

const named = (spans: EntitySpan[]) =>
  spans.map((s) => [BUILTIN_ENTITY_CLASSES[s.classIndex], s.text]);

/** The interop rule: offsets index the code point array of the raw text. */
function expectCodePointSpans(text: string, spans: EntitySpan[]): void {
  const codePoints = [...text];
  for (const span of spans) {
    expect(codePoints.slice(span.start, span.end).join('')).toBe(span.text);
    expect(span.text).toBe(span.text.trim());
  }
}

describe('tagEntities (compromise + wink-nlp)', () => {
  it('finds people, places, organisations, dates, money, e-mails and URLs', () => {
    const text =
      'Barack Obama visited Paris on 27 May 2024. He paid $5,000 to Microsoft Corp. ' +
      'Mail a.b@example.com or see https://example.org/x?y=1 #news @bob';
    const found = named(tagEntities(text));
    expect(found).toEqual(
      expect.arrayContaining([
        ['Person', 'Barack Obama'],
        ['Place', 'Paris'],
        ['Date', '27 May 2024'],
        ['Money', '$5,000'],
        ['Email', 'a.b@example.com'],
        ['URL', 'https://example.org/x?y=1'],
        ['Hashtag', '#news'],
        ['Mention', '@bob'],
      ]),
    );
    expect(found.some(([cls, t]) => cls === 'Organization' && t?.startsWith('Microsoft'))).toBe(
      true,
    );
  });

  it('keeps punctuation around a name out of the span (compromise offsets include it)', () => {
    const found = named(tagEntities('We met John Smith, in Paris.'));
    expect(found).toContainEqual(['Person', 'John Smith']);
    expect(found).toContainEqual(['Place', 'Paris']);
  });

  it('counts code points after emoji and \\r\\n as two (fact sheet example)', () => {
    const text = 'I ❤️ 🦄 visited Paris\r\nBarack Obama wrote to bob@example.com';
    const spans = tagEntities(text);
    const paris = spans.find((s) => s.text === 'Paris');
    expect(paris).toMatchObject({ start: 15, end: 20 });
    const mail = spans.find((s) => s.text === 'bob@example.com');
    expect(mail?.start).toBe([...text].length - 'bob@example.com'.length);
    expectCodePointSpans(text, spans);
  });

  it('leaves no overlapping spans ("@bob" is a Mention, not also a Person)', () => {
    const spans = tagEntities('Thanks @bob and Mary Jones, see #tag on 3 June.');
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    expect(named(spans)).toContainEqual(['Mention', '@bob']);
  });

  it('tags a text longer than one chunk with offsets into the whole text', () => {
    const line = '🦄 Angela Merkel met Emmanuel Macron in Berlin on 3 March 2020.\r\n';
    const text = line.repeat(Math.ceil((TAGGER_CHUNK * 2.5) / line.length));
    const spans = tagEntities(text);
    expectCodePointSpans(text, spans);
    const berlin = spans.filter((s) => s.text === 'Berlin');
    expect(berlin.length).toBeGreaterThan(Math.floor(text.length / line.length) - 3);
  });

  it('code point offsets hold for emoji, combining marks and CRLF texts (property)', () => {
    const pieces = [
      'Barack Obama',
      'Paris',
      'New York',
      '27 May 2024',
      '$12.50',
      'x@example.org',
      'https://a.example/b',
      '🦄',
      '❤️',
      '👩‍👩‍👧',
      'e\u0301',
      'São Paulo',
      'Zoë',
      '\r\n',
      '\n',
      ' ',
      '  ',
      ', ',
      '. ',
      'visited',
      'Microsoft',
      '#tag',
      '@bob',
      '𝒳',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expectCodePointSpans(text, tagEntities(text));
      }),
      { numRuns: 150 },
    );
  });

  it('returns nothing for an empty or blank text', () => {
    expect(tagEntities('')).toEqual([]);
    expect(tagEntities(' \r\n\t')).toEqual([]);
  });
});
