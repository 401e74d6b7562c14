import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbVersionStore, type StoredVersion } from './version-store';

const names = async () => (await indexedDB.databases()).map((d) => d.name);

describe('IdbVersionStore', () => {
  it('creates its database on the first write, not when only read', async () => {
    const name = 'prelabel-learner-lazy-test';
    const store = await IdbVersionStore.open(name);
    expect(await store.list('local')).toEqual([]);
    expect(await store.current('local')).toBeUndefined();
    expect(await names()).not.toContain(name);

    await store.setCurrent('local', 1);
    await store.put({ scope: 'local', id: 1, fileText: '{}' } as StoredVersion);
    expect(await names()).toContain(name);
    // A later open finds it and reads what was written.
    const again = await IdbVersionStore.open(name);
    expect(await again.current('local')).toBe(1);
    expect((await again.list('local')).map((v) => v.id)).toEqual([1]);
  });
});
