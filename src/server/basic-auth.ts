// Optional HTTP Basic auth, as label_studio_ml/api.py checks it: every route,
// constant-time comparison, 401 with a WWW-Authenticate challenge.
import { timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
  user: string;
  pass: string;
}

/** `user:pass` (the password may contain ':'). */
export function parseBasicAuth(text: string): BasicCredentials {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new Error('--basic-auth must be user:password (both non-empty)');
  }
  return { user: text.slice(0, colon), pass: text.slice(colon + 1) };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // spend the same time as a comparison would
    return false;
  }
  return timingSafeEqual(x, y);
}

export function isAuthorized(header: string | undefined, expected: BasicCredentials): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = same(decoded.slice(0, colon), expected.user);
  const passOk = same(decoded.slice(colon + 1), expected.pass);
  return userOk && passOk;
}
