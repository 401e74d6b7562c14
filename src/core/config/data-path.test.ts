import { describe, expect, it } from 'vitest';
import { readDataPath, splitDataPath } from './data-path';

describe('readDataPath', () => {
  const data = {
    image: 'a.jpg',
    meta: { url: 'b.jpg', pages: [{ src: 'p0' }, { src: 'p1' }, { src: 'p2', c: 42 }] },
    arr: ['x', 'y'],
    'dotted.key': 'verbatim',
    'key with.dot': { v: 1 },
    nothing: null,
  };

  it.each([
    ['image', 'a.jpg'],
    ['meta.url', 'b.jpg'],
    ['arr[0]', 'x'],
    ['arr[1]', 'y'],
    ['meta.pages[2].c', 42],
    ['meta.pages[1]', { src: 'p1' }],
    ['meta.pages[1].src', 'p1'],
    ['["key with.dot"].v', 1],
  ])('%s', (path, expected) => {
    expect(readDataPath(data, path)).toEqual(expected);
  });

  it('prefers a key that exists verbatim over a path', () => {
    expect(readDataPath(data, 'dotted.key')).toBe('verbatim');
  });

  it('returns undefined for missing or malformed paths', () => {
    for (const path of [
      'missing',
      'meta.nope',
      'arr[5]',
      'arr[x]',
      'meta..url',
      'meta.',
      '',
      'nothing.x',
      'image.length',
    ]) {
      expect(readDataPath(data, path), path).toBeUndefined();
    }
  });

  it('never reads inherited properties', () => {
    expect(readDataPath(data, 'constructor')).toBeUndefined();
    expect(readDataPath(data, 'meta.__proto__')).toBeUndefined();
  });
});

describe('splitDataPath', () => {
  it('splits dots and brackets', () => {
    expect(splitDataPath('a.b[2].c')).toEqual(['a', 'b', '2', 'c']);
    expect(splitDataPath("a['x.y']")).toEqual(['a', 'x.y']);
    expect(splitDataPath('a[0][1]')).toEqual(['a', '0', '1']);
    expect(splitDataPath('a]b')).toBeUndefined();
    expect(splitDataPath('.a')).toBeUndefined();
  });
});
