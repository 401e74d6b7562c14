import { describe, expect, it } from 'vitest';
import { TextHasher, configHash, tasksFingerprint } from './fingerprint';

describe('tasksFingerprint', () => {
  const tasks = [{ data: { image: 'a.png' } }, { data: { image: 'b.png' } }];

  it('is the same for the same tasks, whatever object it is', () => {
    expect(tasksFingerprint(tasks)).toBe(tasksFingerprint(JSON.parse(JSON.stringify(tasks))));
  });

  it('changes with order, content and count', () => {
    const base = tasksFingerprint(tasks);
    expect(tasksFingerprint([...tasks].reverse())).not.toBe(base);
    expect(tasksFingerprint([tasks[0]!, { data: { image: 'c.png' } }])).not.toBe(base);
    expect(tasksFingerprint([...tasks, { data: { image: 'a.png' } }])).not.toBe(base);
    expect(tasksFingerprint(tasks)).toMatch(/^2:[0-9a-f]{16}$/);
  });

  it('does not confuse where one task ends and the next begins', () => {
    const h = (parts: string[]) =>
      parts.reduce((x, p) => x.update(p).update('\u0001'), new TextHasher()).digest();
    expect(h(['ab', 'c'])).not.toBe(h(['a', 'bc']));
  });
});

describe('configHash', () => {
  it('is the SHA-256 of the XML', async () => {
    // sha256("abc"), the FIPS 180-2 test vector.
    expect(await configHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
