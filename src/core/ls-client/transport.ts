// Every request to Label Studio goes through here: auth header, refresh on
// 401, timeouts, retries with backoff, and errors classified for people.
// Uses only fetch/AbortSignal/URL, so it runs in the page, a worker and Node.

import { AuthSession } from './auth';
import { LsError, redactSecrets } from './errors';
import { errorDetail } from './http-detail';
import { DEFAULT_RETRY, abortError, backoffDelay, parseRetryAfter, sleep } from './retry';
import type { RetryPolicy } from './retry';
import { mixedContentError, parseServerAddress, sameOrigin } from './server-url';

export interface LsClientOptions {
  /** Label Studio address as the user typed it. */
  url: string;
  /** Legacy token or personal access token (detected). */
  token: string;
  /**
   * Origin of the page (or worker) making the requests, e.g. `self.location.origin`.
   * Leave it out in Node. Enables mixed-content and CORS diagnosis.
   */
  pageOrigin?: string;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
  /** Per attempt; default 60 s. */
  timeoutMs?: number;
  /** Told before each retry, e.g. to show "server busy, retrying in 4 s". */
  onRetry?: (event: RetryEvent) => void;
  /** For tests: the jitter source. */
  random?: () => number;
  /** For tests: the wait before a retry (default: a timer the signal cuts short). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RetryEvent {
  request: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface LsRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal | undefined;
  /** Send the Authorization header (default true; never sent to another origin). */
  auth?: boolean;
  /** Safe to send again after a lost answer. Default: true for GET only. */
  idempotent?: boolean;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 = past the last page). */
  accept?: readonly number[];
  responseType?: 'json' | 'blob';
  /** Overrides the policy's retry count for this request (0 = fail fast). */
  retries?: number;
}

export interface LsResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

const NETWORK_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** An AbortSignal that fires when the caller aborts or the timeout passes. */
function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

export class LsTransport {
  readonly base: URL;
  readonly auth: AuthSession;
  readonly pageOrigin: string | undefined;
  /** Project id found in a pasted project link, if any. */
  readonly linkedProjectId: number | undefined;
  private readonly fetchFn: typeof fetch;
  readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly random: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: LsClientOptions) {
    const address = parseServerAddress(options.url);
    this.base = address.base;
    this.linkedProjectId = address.projectId;
    this.pageOrigin = options.pageOrigin;
    // Bound: a bare `fetch` reference called as a method throws "Illegal invocation" in browsers.
    const f = options.fetch ?? fetch;
    this.fetchFn = (input, init) => f(input, init);
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.onRetry = options.onRetry;
    this.random = options.random ?? Math.random;
    this.wait = options.wait ?? sleep;
    this.auth = new AuthSession(options.token, () => this.exchangeToken());
  }

  /** Strings no message may contain. */
  secrets(): string[] {
    return this.auth.secrets();
  }

  /** The server address without anything secret, for reports. */
  get serverLabel(): string {
    return this.base.href;
  }

  url(path: string, query?: Query): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  /** Resolves a path relative to the server, or takes an absolute URL as is. */
  async request<T>(target: string | URL, req: LsRequest = {}): Promise<LsResponse<T>> {
    const url = typeof target === 'string' ? this.url(target, req.query) : target;
    const method = req.method ?? 'GET';
    const label = `${method} ${url.pathname}`;
    const idempotent = req.idempotent ?? method === 'GET';
    // Defence in depth: the token goes to the Label Studio origin and nowhere else.
    const withAuth = (req.auth ?? true) && url.origin === this.base.origin;
    const blocked = mixedContentError(url, this.pageOrigin);
    if (blocked) throw blocked;

    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      if (req.signal?.aborted) throw abortError();
      const headers: Record<string, string> = { Accept: 'application/json' };
      let authHeader: string | undefined;
      if (withAuth) {
        authHeader = await this.auth.header();
        headers.Authorization = authHeader;
      }
      let body: string | FormData | undefined;
      if (req.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.form) body = req.form;

      const timing = attemptSignal(req.signal, this.timeoutMs);
      let response: Response;
      try {
        response = await this.fetchFn(url.href, {
          method,
          headers,
          body: body ?? null,
          signal: timing.signal,
          // Cookies are neither needed nor allowed cross-origin by Label Studio.
          credentials: 'omit',
          mode: 'cors',
        });
      } catch (error) {
        timing.done();
        if (req.signal?.aborted) throw abortError();
        const failure = timing.timedOut()
          ? new LsError({
              kind: 'timeout',
              message: `Label Studio did not answer ${label} within ${Math.round(this.timeoutMs / 1000)} s`,
              request: label,
              uncertain: !idempotent,
            })
          : await this.networkError(error, url, label, !idempotent, req.signal);
        if (failure.kind === 'cors' || failure.kind === 'aborted' || !idempotent) throw failure;
        await this.waitBeforeRetry(attempt, label, failure.kind, undefined, failure, req);
        continue;
      }

      try {
        const status = response.status;
        if (status === 401 && authHeader && !renewed && (await this.auth.recover(authHeader))) {
          renewed = true;
          attempt--;
          await response.body?.cancel();
          continue;
        }
        if (req.accept?.includes(status) && (status < 200 || status >= 300)) {
          // An accepted error status (404 past the last page) may come as an HTML page.
          const data = await this.readBody(response, req, label).catch(() => null);
          return { status, data: data as T, headers: response.headers };
        }
        if (status >= 200 && status < 300) {
          return {
            status,
            data: (await this.readBody(response, req, label)) as T,
            headers: response.headers,
          };
        }
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        const detail = errorDetail(await response.text().catch(() => ''));
        const failure = this.statusError(
          status,
          label,
          detail,
          retryAfterMs,
          !idempotent,
          withAuth,
        );
        // 429 is refused before any work is done: safe to repeat even for POST.
        const retryable = status === 429 || (status >= 500 && idempotent);
        if (!retryable) throw failure;
        await this.waitBeforeRetry(attempt, label, `HTTP ${status}`, retryAfterMs, failure, req);
      } finally {
        timing.done();
      }
    }
  }

  private async readBody(response: Response, req: LsRequest, label: string): Promise<unknown> {
    if (req.responseType === 'blob') return response.blob();
    const text = await response.text();
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LsError({
        kind: 'bad-response',
        message: `${label} answered HTTP ${response.status} with something that is not JSON: is this the Label Studio address?`,
        status: response.status,
        request: label,
      });
    }
  }

  private async waitBeforeRetry(
    attempt: number,
    label: string,
    reason: string,
    retryAfterMs: number | undefined,
    failure: LsError,
    req: LsRequest,
  ): Promise<void> {
    if (attempt >= (req.retries ?? this.policy.retries)) throw failure;
    if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) throw failure;
    const delayMs = retryAfterMs ?? backoffDelay(attempt, this.policy, this.random);
    this.onRetry?.({ request: label, attempt: attempt + 1, delayMs, reason });
    await this.wait(delayMs, req.signal);
  }

  private statusError(
    status: number,
    label: string,
    detail: string,
    retryAfterMs: number | undefined,
    uncertain: boolean,
    withAuth: boolean,
  ): LsError {
    const said = detail ? `: ${redactSecrets(detail, this.secrets())}` : '';
    const base = { status, request: label };
    if (status === 401) {
      const which =
        this.auth.kind === 'personal-access-token'
          ? 'the personal access token is wrong, expired or revoked'
          : this.auth.kind === 'jwt-access'
            ? 'this looks like a short-lived access token, which expires after minutes: paste the personal access token (Account & Settings) instead'
            : 'the token is wrong or was reset (Account & Settings → Legacy Token shows the current one)';
      return new LsError({
        ...base,
        kind: 'unauthorized',
        message: withAuth
          ? `Label Studio refused the token (401 on ${label}): ${which}`
          : `${label} needs a token (401)${said}`,
      });
    }
    if (status === 403) {
      return new LsError({
        ...base,
        kind: 'forbidden',
        message: `the token's user may not do ${label} (403)${said}`,
      });
    }
    if (status === 404) {
      return new LsError({
        ...base,
        kind: 'not-found',
        message: `${label} was not found (404)${said}`,
      });
    }
    if (status === 429) {
      return new LsError({
        ...base,
        kind: 'rate-limited',
        message: `Label Studio is rate-limiting requests (429 on ${label})${
          retryAfterMs !== undefined ? `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''
        }`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    if (status >= 500) {
      return new LsError({
        ...base,
        kind: 'server-error',
        message: `Label Studio failed on ${label} (HTTP ${status})${said}`,
        uncertain,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    return new LsError({
      ...base,
      kind: 'rejected',
      message: `Label Studio refused ${label} (HTTP ${status})${said}`,
    });
  }

  /**
   * A fetch that threw: nothing came back. In a browser a CORS refusal and a
   * dead server look the same, so ask again in no-cors mode: an opaque answer
   * means the server is up and only CORS said no.
   */
  private async networkError(
    error: unknown,
    url: URL,
    label: string,
    uncertain: boolean,
    signal: AbortSignal | undefined,
  ): Promise<LsError> {
    const host = url.host;
    const crossOrigin = this.pageOrigin !== undefined && !sameOrigin(url, this.pageOrigin);
    if (crossOrigin) {
      const probe = attemptSignal(signal, Math.min(this.timeoutMs, 15_000));
      try {
        await this.fetchFn(new URL('/', url).href, {
          mode: 'no-cors',
          credentials: 'omit',
          signal: probe.signal,
        });
        if (url.origin === this.base.origin) return this.corsError(label);
        return new LsError({
          kind: 'cors',
          message: `${host} answered but does not allow this page to read ${url.pathname} (CORS)`,
          request: label,
        });
      } catch {
        if (signal?.aborted) return abortError();
      } finally {
        probe.done();
      }
    }
    const code = causeCode(error);
    if (crossOrigin || (code !== undefined && NETWORK_DOWN_CODES.has(code))) {
      return new LsError({
        kind: 'server-down',
        message: `nothing answers at ${url.origin}${code ? ` (${code})` : ''}: is Label Studio running, and is the address right?`,
        request: label,
        // A refused connection never carried the request; a browser cannot tell us which.
        uncertain: uncertain && code === undefined,
      });
    }
    const why = error instanceof Error ? error.message : String(error);
    return new LsError({
      kind: 'network',
      message: `the connection to ${host} broke during ${label}${code ? ` (${code})` : ` (${redactSecrets(why, this.secrets())})`}`,
      request: label,
      uncertain,
    });
  }

  private corsError(label: string): LsError {
    const origin = this.pageOrigin ?? 'this page';
    return new LsError({
      kind: 'cors',
      message:
        `Label Studio at ${this.base.origin} answered, but does not allow requests from ${origin} (CORS). ` +
        `Allow this origin on the Label Studio server: set the environment variable ` +
        `CORS_ALLOWED_ORIGINS=${origin} (or CORS_ALLOW_ALL_ORIGINS=true, Label Studio's default; ` +
        `older Django settings call it CORS_ORIGIN_ALLOW_ALL = True) and restart it. ` +
        `A reverse proxy in front of Label Studio may also be dropping the CORS headers.`,
      request: label,
    });
  }

  /** POST /api/token/refresh/ {refresh} → {access}. */
  private async exchangeToken(): Promise<string> {
    let response: LsResponse<unknown>;
    try {
      response = await this.request<unknown>('api/token/refresh/', {
        method: 'POST',
        json: { refresh: this.auth.secrets()[0] },
        auth: false,
        idempotent: true,
      });
    } catch (error) {
      if (error instanceof LsError && (error.status === 401 || error.status === 400)) {
        throw new LsError({
          kind: 'unauthorized',
          status: error.status,
          request: error.request ?? 'POST /api/token/refresh/',
          message:
            'Label Studio refused the personal access token (expired, revoked, or personal access tokens are disabled for the organization): create a new one in Account & Settings',
        });
      }
      if (error instanceof LsError && error.status === 404) {
        throw new LsError({
          kind: 'unauthorized',
          status: 404,
          request: error.request ?? 'POST /api/token/refresh/',
          message:
            'this Label Studio has no /api/token/refresh/ (older than personal access tokens): use the legacy token from Account & Settings',
        });
      }
      throw error;
    }
    const access = (response.data as { access?: unknown } | null)?.access;
    if (typeof access !== 'string' || access === '') {
      throw new LsError({
        kind: 'bad-response',
        message: 'POST /api/token/refresh/ did not return an access token',
        request: 'POST /api/token/refresh/',
      });
    }
    return access;
  }
}
