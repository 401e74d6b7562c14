import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbVersionStore, KEPT_BACKBONES, type StoredVersion } from './version-store';

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

  it('keeps only the backbones set last, a file once each', async () => {
    const store = await IdbVersionStore.open('prelabel-learner-backbones-test');
    const put = (sha256: string, usedAt: number) =>
      store.putBackbone({ sha256, name: `${sha256}.onnx`, bytes: new Uint8Array(8), usedAt });
    const count = KEPT_BACKBONES + 2;
    for (let i = 0; i < count; i++) await put(`b${i}`, 100 + i);
    await put('b1', 200); // set again: the newest now
    const kept = await Promise.all(
      Array.from({ length: count }, async (_, i) => (await store.backbone(`b${i}`)) !== undefined),
    );
    // b1 (newest) and the KEPT_BACKBONES - 1 set last before it stay.
    const expected = Array.from(
      { length: count },
      (_, i) => i === 1 || i >= count - (KEPT_BACKBONES - 1),
    );
    expect(kept).toEqual(expected);
    expect((await store.backbone())?.sha256).toBe('b1');
  });
});
