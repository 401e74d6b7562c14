// JWTs shaped like Label Studio's (simplejwt): header.payload.signature in
// base64url. The signature is random bytes: the test server recognises the
// tokens it issued by value, so nothing needs verifying.

import { randomBytes } from 'node:crypto';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function makeJwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`;
}

/** A personal access token: a refresh JWT with a far expiry, as Label Studio issues. */
export function makePersonalAccessToken(userId = 1): string {
  const now = Math.floor(Date.now() / 1000);
  return makeJwt({
    token_type: 'refresh',
    exp: now + 200 * 365 * 24 * 3600,
    iat: now,
    jti: randomBytes(16).toString('hex'),
    user_id: String(userId),
  });
}

export function makeAccessToken(userId: number, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  return makeJwt({
    token_type: 'access',
    exp: now + ttlSeconds,
    iat: now,
    jti: randomBytes(16).toString('hex'),
    user_id: String(userId),
  });
}
