import { describe, expect, it } from 'vitest';
import { noteLeftCleanly, takeLeftCleanly } from './left-cleanly';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

describe('left cleanly', () => {
  it('answers yes once, for the run that was left', () => {
    const storage = memoryStorage();
    noteLeftCleanly('run-1', storage);
    expect(takeLeftCleanly('run-2', storage)).toBe(false);
    noteLeftCleanly('run-1', storage);
    expect(takeLeftCleanly('run-1', storage)).toBe(true);
    // A later crash of the resumed run is a crash again.
    expect(takeLeftCleanly('run-1', storage)).toBe(false);
  });

  it('says no when storage refuses', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    noteLeftCleanly('run-1', broken);
    expect(takeLeftCleanly('run-1', broken)).toBe(false);
  });
});
