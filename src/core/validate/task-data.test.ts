import { describe, expect, it } from 'vitest';
import { getDataPath, readTaskText } from './task-data';
import { object } from './test-config';

describe('task data paths', () => {
  const data = { a: { b: 'x', list: [{ t: 'first' }, { t: 'second' }] }, arr: ['zero', 'one'] };
  it('follows dots and indices like JavaScript property paths', () => {
    expect(getDataPath(data, 'a.b')).toBe('x');
    expect(getDataPath(data, 'arr[1]')).toBe('one');
    expect(getDataPath(data, 'a.list[1].t')).toBe('second');
  });
  it('returns undefined for paths that do not exist', () => {
    expect(getDataPath(data, 'a.c.d')).toBeUndefined();
    expect(getDataPath(data, 'arr[5]')).toBeUndefined();
  });
  it('reads the raw text of a <Text> but not URLs or encoded text', () => {
    expect(readTaskText(object('Text', 't', 'a.b'), data)).toBe('x');
    expect(
      readTaskText(object('Text', 't', 'a.b', { attrs: { valuetype: 'url' } }), data),
    ).toBeUndefined();
    expect(
      readTaskText(object('Text', 't', 'a.b', { attrs: { encoding: 'base64' } }), data),
    ).toBeUndefined();
    expect(
      readTaskText(object('Text', 't', undefined, { attrs: { value: 'literal text' } }), undefined),
    ).toBe('literal text');
  });
});
