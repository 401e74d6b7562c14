import { describe, expect, it } from 'vitest';
import { dataAtPath } from './data-path';

describe('dataAtPath', () => {
  it('builds nested task data for config paths', () => {
    expect(dataAtPath('image', 'u')).toEqual({ image: 'u' });
    expect(dataAtPath('a.b', 'u')).toEqual({ a: { b: 'u' } });
    expect(dataAtPath('a[0].b', 'u')).toEqual({ a: [{ b: 'u' }] });
  });

  it('keeps a path it cannot split as one key', () => {
    expect(dataAtPath('', 'u')).toEqual({ '': 'u' });
    expect(dataAtPath('[0]', 'u')).toEqual({ '[0]': 'u' });
  });

  it('stores __proto__ as a plain key instead of changing prototypes', () => {
    const data = dataAtPath('__proto__.x', 'u');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(JSON.stringify(data)).toBe('{"__proto__":{"x":"u"}}');
  });
});
