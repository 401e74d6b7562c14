import { describe, expect, it } from 'vitest';
import { asJournalError, isQuotaError, JournalQuotaError } from './errors';
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

describe('quota errors', () => {
  it('recognises the names and codes browsers use', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ code: 22 })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'DataCloneError'))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
  });

  it('turns quota errors into JournalQuotaError and leaves others alone', () => {
    const quota = asJournalError(new DOMException('full', 'QuotaExceededError'));
    expect(quota).toBeInstanceOf(JournalQuotaError);
    expect((quota as Error).message).toMatch(
      /storage .* is full.*everything finished so far is kept/,
    );
    const other = new Error('boom');
    expect(asJournalError(other)).toBe(other);
  });
});
