import { describe, expect, it } from 'vitest';
import { makeAccessToken, makePersonalAccessToken } from '../../../test/ls-test-server/jwt';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './retry';
import { mixedContentError, parseServerAddress } from './server-url';
import { decodeJwtPayload, detectTokenKind, jwtExpiresAt } from './token';

describe('token kind', () => {
  it('tells a personal access token (refresh JWT) from a legacy key and an access JWT', () => {
    expect(detectTokenKind(makePersonalAccessToken())).toBe('personal-access-token');
    expect(detectTokenKind('0123456789abcdef0123456789abcdef01234567')).toBe('legacy');
    expect(detectTokenKind(makeAccessToken(1, 300))).toBe('jwt-access');
  });

  it('reads a real-shaped Label Studio PAT payload', () => {
    // Header {"alg":"HS256","typ":"JWT"}, payload of a Label Studio PAT (user 1).
    const pat =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6ODA2NDYwNzkxMywiaWF0IjoxNzU3NDA3OTEzLCJqdGkiOiI2MzFkYzc1NmFmNzg0YjY0OTdhYTE0YjgyNjhhYTZkNiIsInVzZXJfaWQiOiIxIn0.sig';
    expect(decodeJwtPayload(pat)).toMatchObject({ token_type: 'refresh', user_id: '1' });
    expect(detectTokenKind(pat)).toBe('personal-access-token');
    expect(jwtExpiresAt(pat)).toBe(8064607913 * 1000);
  });

  it('does not take dotted garbage for a JWT', () => {
    expect(detectTokenKind('a.b.c')).toBe('legacy');
    expect(detectTokenKind('abc.def')).toBe('legacy');
    expect(decodeJwtPayload('e30.bm90IGpzb24.x')).toBeUndefined(); // payload "not json"
  });
});

describe('Retry-After and backoff', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('grows exponentially with jitter, capped', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, p, () => 0)).toBe(50);
    expect(backoffDelay(0, p, () => 1)).toBe(100);
    expect(backoffDelay(3, p, () => 1)).toBe(800);
    expect(backoffDelay(10, p, () => 1)).toBe(1000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(2, p)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('server address', () => {
  it('accepts what people paste', () => {
    expect(parseServerAddress('localhost:8080').base.href).toBe('http://localhost:8080/');
    const link = parseServerAddress('https://ls.example.com/projects/12/data?tab=3');
    expect(link.base.href).toBe('https://ls.example.com/');
    expect(link.projectId).toBe(12);
    expect(parseServerAddress('https://example.com/labelstudio/api/projects/').base.href).toBe(
      'https://example.com/labelstudio/',
    );
  });

  it('refuses non-http schemes and credentials in the address', () => {
    expect(() => parseServerAddress('ftp://x')).toThrow(/http/);
    expect(() => parseServerAddress('http://user:secret@x')).toThrow(/token field/);
  });

  it('flags mixed content for https pages, but not loopback servers', () => {
    const remote = parseServerAddress('http://ls.example.com:8080').base;
    expect(mixedContentError(remote, 'https://prelabel.app')?.kind).toBe('mixed-content');
    expect(mixedContentError(remote, 'http://localhost:5173')).toBeUndefined();
    expect(
      mixedContentError(parseServerAddress('http://127.0.0.1:8080').base, 'https://prelabel.app'),
    ).toBeUndefined();
    expect(
      mixedContentError(parseServerAddress('https://ls.example.com').base, 'https://prelabel.app'),
    ).toBeUndefined();
  });
});
