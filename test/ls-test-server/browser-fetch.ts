// fetch as a browser page at `pageOrigin` sees it, for tests in Node: CORS
// preflight and checks, a bare TypeError on refusal (no status, no detail),
// opaque no-cors answers, and response headers hidden unless exposed. Lets the
// client's CORS/server-down diagnosis be tested without a browser.

const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);
const SIMPLE_CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

function failed(): TypeError {
  return new TypeError('Failed to fetch');
}

function urlOf(input: string | URL | Request): URL {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
}

function unsafeHeaders(headers: Headers): string[] {
  const out: string[] = [];
  for (const [name, value] of headers) {
    if (['accept', 'accept-language', 'content-language'].includes(name)) continue;
    if (
      name === 'content-type' &&
      SIMPLE_CONTENT_TYPES.some((t) => value.toLowerCase().startsWith(t))
    ) {
      continue;
    }
    out.push(name);
  }
  return out;
}

function originAllowed(response: Response, pageOrigin: string): boolean {
  const allowed = response.headers.get('access-control-allow-origin');
  return allowed === '*' || allowed === pageOrigin;
}

function listHeader(response: Response, name: string): string[] {
  return (response.headers.get(name) ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

export function browserLikeFetch(pageOrigin: string, base: typeof fetch = fetch): typeof fetch {
  return async (input, init = {}) => {
    const url = urlOf(input);
    if (url.origin === pageOrigin) return base(input, init);
    const method = (init.method ?? 'GET').toUpperCase();
    const signal = init.signal ?? null;
    const rethrow = (error: unknown): never => {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      throw failed();
    };

    if (init.mode === 'no-cors') {
      // Only a simple request, and nothing of the answer is readable.
      try {
        const r = await base(url.href, { method: method === 'POST' ? 'POST' : 'GET', signal });
        await r.body?.cancel();
      } catch (error) {
        rethrow(error);
      }
      return new Response(null, { status: 200 });
    }

    const headers = new Headers(init.headers);
    const unsafe = unsafeHeaders(headers);
    try {
      if (!['GET', 'HEAD', 'POST'].includes(method) || unsafe.length > 0) {
        const preflight = await base(url.href, {
          method: 'OPTIONS',
          headers: {
            Origin: pageOrigin,
            'Access-Control-Request-Method': method,
            ...(unsafe.length > 0 ? { 'Access-Control-Request-Headers': unsafe.join(',') } : {}),
          },
          signal,
        });
        await preflight.body?.cancel();
        const allowHeaders = listHeader(preflight, 'access-control-allow-headers');
        const allowMethods = listHeader(preflight, 'access-control-allow-methods');
        // A "*" wildcard never covers Authorization (Fetch standard).
        const headersOk = unsafe.every(
          (h) => allowHeaders.includes(h) || (allowHeaders.includes('*') && h !== 'authorization'),
        );
        const methodOk =
          ['GET', 'HEAD', 'POST'].includes(method) || allowMethods.includes(method.toLowerCase());
        if (!preflight.ok || !originAllowed(preflight, pageOrigin) || !headersOk || !methodOk) {
          throw failed();
        }
      }
      headers.set('Origin', pageOrigin);
      const response = await base(url.href, { ...init, headers });
      if (!originAllowed(response, pageOrigin)) {
        await response.body?.cancel();
        throw failed();
      }
      const exposed = new Set(listHeader(response, 'access-control-expose-headers'));
      const visible = new Headers();
      for (const [name, value] of response.headers) {
        if (SAFELISTED_RESPONSE_HEADERS.has(name) || exposed.has(name)) visible.set(name, value);
      }
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers: visible,
      });
    } catch (error) {
      return rethrow(error);
    }
  };
}
