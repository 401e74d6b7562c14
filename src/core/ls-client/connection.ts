// "Test connection": is this Label Studio, is the token good, who is it.
// Never throws: the answer is plain data for the connect panel.

import { LsError, toLsErrorInfo, type LsErrorInfo } from './errors';
import type { TokenKind } from './token';
import type { LsTransport } from './transport';
import type { LsUser } from './types';

export interface ConnectionOk {
  ok: true;
  /** Server version ("1.13.1"), or "unknown" when /api/version does not say. */
  version: string;
  edition?: string;
  user: { id: number; name: string; email?: string };
  tokenKind: TokenKind;
  /** Project id found in a pasted project link. */
  linkedProjectId?: number;
}

export type ConnectionResult = ConnectionOk | { ok: false; error: LsErrorInfo };

function versionOf(body: unknown): { version: string; edition?: string } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const pkg = b['label-studio-os-package'] as { version?: unknown } | undefined;
  const version =
    typeof b.release === 'string'
      ? b.release
      : typeof pkg?.version === 'string'
        ? pkg.version
        : typeof b.version === 'string'
          ? b.version
          : undefined;
  // Another JSON API at that address would answer neither of these.
  if (version === undefined && pkg === undefined && b.edition === undefined) return undefined;
  const result: { version: string; edition?: string } = { version: version ?? 'unknown' };
  if (typeof b.edition === 'string') result.edition = b.edition;
  return result;
}

function wrongUrl(transport: LsTransport, why: string): LsError {
  return new LsError({
    kind: 'wrong-url',
    message: `${transport.base.href} does not look like Label Studio (${why}): use the address you open Label Studio at, e.g. http://localhost:8080`,
    request: 'GET /api/version',
  });
}

async function readVersion(transport: LsTransport, signal?: AbortSignal) {
  let body: unknown;
  try {
    body = // One retry: a kept-alive connection to a server that restarted fails once.
      (await transport.request<unknown>('api/version', { auth: false, retries: 1, signal })).data;
  } catch (error) {
    if (error instanceof LsError && (error.kind === 'not-found' || error.kind === 'bad-response')) {
      throw wrongUrl(transport, error.kind === 'not-found' ? '/api/version is 404' : 'not JSON');
    }
    throw error;
  }
  const version = versionOf(body);
  if (!version) throw wrongUrl(transport, '/api/version says no version');
  return version;
}

export async function testConnection(
  transport: LsTransport,
  signal?: AbortSignal,
): Promise<ConnectionResult> {
  try {
    const version = await readVersion(transport, signal);
    const user = (
      await transport.request<LsUser>('api/current-user/whoami', { retries: 1, signal })
    ).data;
    const name =
      [user?.first_name, user?.last_name].filter(Boolean).join(' ') ||
      user?.username ||
      user?.email ||
      `user ${user?.id}`;
    const ok: ConnectionOk = {
      ok: true,
      ...version,
      user: { id: user?.id, name, ...(user?.email ? { email: user.email } : {}) },
      tokenKind: transport.auth.kind,
    };
    if (transport.linkedProjectId !== undefined) ok.linkedProjectId = transport.linkedProjectId;
    return ok;
  } catch (error) {
    return { ok: false, error: toLsErrorInfo(error, transport.secrets()) };
  }
}
