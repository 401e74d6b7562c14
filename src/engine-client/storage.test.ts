import { describe, expect, it } from 'vitest';
import { formatBytes, formatUsage, requestPersistentStorage, storageUsage } from './storage';

describe('persistent storage', () => {
  it('reports granted, denied or unsupported', async () => {
    const nav = (persisted: boolean, grant: boolean) => ({
      storage: { persisted: async () => persisted, persist: async () => grant },
    });
    expect(await requestPersistentStorage(nav(true, false))).toBe('granted');
    expect(await requestPersistentStorage(nav(false, true))).toBe('granted');
    expect(await requestPersistentStorage(nav(false, false))).toBe('denied');
    expect(await requestPersistentStorage({})).toBe('unsupported');
    const throwing = { storage: { persist: async () => Promise.reject(new Error('no')) } };
    expect(await requestPersistentStorage(throwing)).toBe('denied');
  });

  it('reads usage and quota', async () => {
    const nav = { storage: { estimate: async () => ({ usage: 250, quota: 1000 }) } };
    expect(await storageUsage(nav)).toEqual({ usage: 250, quota: 1000, fraction: 0.25 });
    expect(await storageUsage({})).toBeNull();
    expect(formatUsage({ usage: 1_234_000_000, quota: 40_000_000_000, fraction: 0 })).toBe(
      '1.2 GB of 40 GB',
    );
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12_500)).toBe('13 KB');
  });
});
