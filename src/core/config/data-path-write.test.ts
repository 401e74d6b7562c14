import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataAtPath, readDataPath, splitDataPath, withValueAtPath } from './data-path';

describe('dataAtPath', () => {
  it('builds nested task data for config paths', () => {
    expect(dataAtPath('image', 'u')).toEqual({ image: 'u' });
    expect(dataAtPath('a.b', 'u')).toEqual({ a: { b: 'u' } });
    expect(dataAtPath('a[0].b', 'u')).toEqual({ a: [{ b: 'u' }] });
    expect(dataAtPath('a["b.c"]', 'u')).toEqual({ a: { 'b.c': 'u' } });
    expect(dataAtPath('a[b]', 'u')).toEqual({ a: { b: 'u' } });
  });

  it('keeps a path it cannot split as one key', () => {
    expect(dataAtPath('', 'u')).toEqual({ '': 'u' });
    expect(dataAtPath('a..b', 'u')).toEqual({ 'a..b': 'u' });
  });

  it('stores __proto__ as a plain key instead of changing prototypes', () => {
    const data = dataAtPath('__proto__.x', 'u');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(JSON.stringify(data)).toBe('{"__proto__":{"x":"u"}}');
  });

  it('reads back what it wrote for a["b.c"] (the bug of two grammars)', () => {
    expect(readDataPath(dataAtPath('a["b.c"]', 'u'), 'a["b.c"]')).toBe('u');
  });
});

// Every key form Label Studio's editor reads in `value="$…"`: word-character
// keys joined by `.`, `[n]` indices, `[key]` brackets (its variable regex is
// `\$[\w[\].{}]+`, read with lodash `get`), plus lodash's quoted `["b.c"]`.
const word = fc.stringMatching(/^[\w{}]{1,6}$/);
const index = fc.nat({ max: 20 });
const quoted = fc.tuple(fc.constantFrom('"', "'"), fc.string({ maxLength: 6 })).map(([q, key]) => ({
  q,
  key: key.replaceAll(q, ''),
}));
const step = fc.oneof(
  word.map((w) => ({ text: `.${w}`, key: w })),
  index.map((n) => ({ text: `[${n}]`, key: String(n) })),
  word.map((w) => ({ text: `[${w}]`, key: w })),
  quoted.map(({ q, key }) => ({ text: `[${q}${key}${q}]`, key })),
);
const dataPath = fc
  .tuple(
    fc.oneof(
      word.map((w) => ({ text: w, key: w })),
      step,
    ),
    fc.array(step, { maxLength: 4 }),
  )
  .map(([first, rest]) => {
    const head = first.text.startsWith('.') ? first.text.slice(1) : first.text;
    return {
      path: head + rest.map((s) => s.text).join(''),
      keys: [first, ...rest].map((s) => s.key),
    };
  });

describe('one data-path grammar for writing and reading', () => {
  it('reads back the value written at every Label Studio key form', () => {
    fc.assert(
      fc.property(
        dataPath,
        fc.json().map((text) => JSON.parse(text) as unknown),
        ({ path, keys }, value) => {
          expect(splitDataPath(path)).toEqual(keys);
          const data = JSON.parse(JSON.stringify(dataAtPath(path, value))) as Record<
            string,
            unknown
          >;
          expect(readDataPath(data, path)).toEqual(value);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads back the value written at any string, parsable or not', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string(), (path, value) => {
        expect(readDataPath(dataAtPath(path, value), path)).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('withValueAtPath', () => {
  it('replaces the value where readDataPath finds it and leaves the input alone', () => {
    const data = { a: { 'b.c': 'old', keep: 1 }, list: ['x', 'y'], 'd.e': 'verbatim' };
    const frozen = JSON.stringify(data);
    expect(withValueAtPath(data, 'a["b.c"]', 'new')).toEqual({
      ...data,
      a: { 'b.c': 'new', keep: 1 },
    });
    expect(withValueAtPath(data, 'list[1]', 'z').list).toEqual(['x', 'z']);
    expect(withValueAtPath(data, 'd.e', 'v2')['d.e']).toBe('v2');
    expect(JSON.stringify(data)).toBe(frozen);
  });

  it('round-trips with readDataPath on random paths and data', () => {
    fc.assert(
      fc.property(dataPath, fc.string(), fc.string(), ({ path }, before, after) => {
        const data = { ...dataAtPath(path, before), other: 1 };
        const next = withValueAtPath(data, path, after);
        expect(readDataPath(next, path)).toBe(after);
        expect(readDataPath(data, path)).toBe(before);
        expect(next.other).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});
