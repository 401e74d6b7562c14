// Which kind of Label Studio token the user pasted (fact sheet §8).
// Personal access tokens are JWT *refresh* tokens: exchanged at
// /api/token/refresh/ for a short-lived access JWT sent as Bearer.
// Legacy tokens are opaque keys sent as `Token <key>`.

export type TokenKind = 'personal-access-token' | 'jwt-access' | 'legacy';

function decodeBase64Url(part: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The payload of a JWT (`header.payload.signature`), or undefined if `token` is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  const header = decodeBase64Url(parts[0]!);
  const payload = decodeBase64Url(parts[1]!);
  if (header === undefined || payload === undefined) return undefined;
  try {
    const parsedHeader: unknown = JSON.parse(header);
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsedHeader !== 'object' || parsedHeader === null) return undefined;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function detectTokenKind(token: string): TokenKind {
  const payload = decodeJwtPayload(token);
  if (!payload) return 'legacy';
  if (payload.token_type === 'refresh') return 'personal-access-token';
  return 'jwt-access';
}

/** Expiry of a JWT in ms since the epoch (its `exp` claim), if it has one. */
export function jwtExpiresAt(token: string): number | undefined {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
