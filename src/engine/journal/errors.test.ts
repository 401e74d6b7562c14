import { describe, expect, it } from 'vitest';
import { asJournalError, isQuotaError, JournalQuotaError } from './errors';

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
