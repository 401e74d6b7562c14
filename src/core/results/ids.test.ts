import { describe, expect, it } from 'vitest';
import { createIdGenerator, isValidResultId } from './ids';

describe('createIdGenerator', () => {
  it('yields 100k unique, valid ids', () => {
    const next = createIdGenerator('t0');
    const seen = new Set<string>();
    const invalid: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = next();
      if (!isValidResultId(id)) invalid.push(id);
      seen.add(id);
    }
    expect(invalid).toEqual([]);
    expect(seen.size).toBe(100_000);
  });

  it('is deterministic: a fresh generator repeats the sequence', () => {
    const a = createIdGenerator('t5');
    const b = createIdGenerator('t5');
    const seqA = Array.from({ length: 50 }, () => a());
    const seqB = Array.from({ length: 50 }, () => b());
    expect(seqA).toEqual(seqB);
    expect(seqA[0]).toBe('t5_0');
    expect(seqA[36]).toBe('t5_10'); // base 36
  });

  it('keeps different prefixes apart, even prefixes that contain "_"', () => {
    const ids = new Set<string>();
    for (const prefix of ['t', 't_1', 't_1_0', 't1']) {
      const next = createIdGenerator(prefix);
      for (let i = 0; i < 2000; i++) ids.add(next());
    }
    expect(ids.size).toBe(8000);
  });

  it('sanitises prefixes into valid ids', () => {
    const next = createIdGenerator('task #3/é');
    const id = next();
    expect(isValidResultId(id)).toBe(true);
    expect(createIdGenerator('')()).toBe('r_0');
  });
});

describe('isValidResultId', () => {
  it('accepts [A-Za-z0-9_-] only', () => {
    expect(isValidResultId('Dx_aB91-ISN')).toBe(true);
    expect(isValidResultId('')).toBe(false);
    expect(isValidResultId('a b')).toBe(false);
    expect(isValidResultId('a#1')).toBe(false);
    expect(isValidResultId('é')).toBe(false);
  });
});
