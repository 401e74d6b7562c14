// Errors of the Label Studio client, classified so the UI can say what to fix.
// Every message is built here from parts we control and passed through
// redactSecrets: the token must never reach a message, a log or a report.

export type LsErrorKind =
  /** https page, http server: the browser blocks the request before it leaves. */
  | 'mixed-content'
  /** The server answered but does not allow this page's origin (browser only). */
  | 'cors'
  /** Nothing answers at that address (refused, DNS, offline). */
  | 'server-down'
  /** Something answers, but it is not the Label Studio API (404 / not JSON). */
  | 'wrong-url'
  /** 401: token wrong, expired or revoked. */
  | 'unauthorized'
  /** 403: the token's user may not do this (or this project). */
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  /** Another 4xx: the server refused what we sent (the detail says why). */
  | 'rejected'
  /** 2xx with a body that is not what the API documents. */
  | 'bad-response'
  | 'timeout'
  | 'aborted'
  /** The connection broke mid-request (reset, dropped). */
  | 'network';

/** Plain-data form of an LsError: crosses postMessage and JSON unchanged. */
export interface LsErrorInfo {
  kind: LsErrorKind;
  message: string;
  status?: number;
  /** "GET /api/projects/3/" — never carries a token (tokens only travel in headers). */
  request?: string;
  /**
   * The request may have reached the server and been processed (no answer, a
   * timeout, a 5xx after sending). Whoever posted must check before posting again.
   */
  uncertain?: boolean;
  /** Server asked to wait this long before trying again (Retry-After). */
  retryAfterMs?: number;
}

export class LsError extends Error {
  readonly kind: LsErrorKind;
  readonly status: number | undefined;
  readonly request: string | undefined;
  readonly uncertain: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(info: LsErrorInfo) {
    super(info.message);
    this.name = 'LsError';
    this.kind = info.kind;
    this.status = info.status;
    this.request = info.request;
    this.uncertain = info.uncertain ?? false;
    this.retryAfterMs = info.retryAfterMs;
  }

  toJSON(): LsErrorInfo {
    const info: LsErrorInfo = { kind: this.kind, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.request !== undefined) info.request = this.request;
    if (this.uncertain) info.uncertain = true;
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs;
    return info;
  }
}

/** Kinds after which going on is pointless: every next request fails the same way. */
export const FATAL_KINDS: ReadonlySet<LsErrorKind> = new Set([
  'mixed-content',
  'cors',
  'unauthorized',
  'forbidden',
  'aborted',
]);

/** Replaces every secret (token, access token) found in `text`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings could match ordinary words; real tokens are long.
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Any thrown value → LsErrorInfo, with secrets removed from the message. */
export function toLsErrorInfo(
  error: unknown,
  secrets: readonly (string | undefined)[] = [],
): LsErrorInfo {
  if (error instanceof LsError) {
    const info = error.toJSON();
    info.message = redactSecrets(info.message, secrets);
    return info;
  }
  if (isAbort(error)) return { kind: 'aborted', message: 'cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network', message: redactSecrets(message, secrets) };
}

export function isAbort(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: string }).name === 'AbortError' ||
      (error instanceof LsError && error.kind === 'aborted'))
  );
}
