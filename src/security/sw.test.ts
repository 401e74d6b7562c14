import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { appHeaders, buildCsp, originOf } from './csp';

// Runs public/sw.js as the browser would (its listeners on a fake global
// scope), with a fake network and Cache Storage.

const SW_SOURCE = readFileSync(resolve(process.cwd(), 'public/sw.js'), 'utf8');
const APP = 'http://127.0.0.1:4173';

type Listener = (event: unknown) => void;

function loadServiceWorker() {
  const listeners = new Map<string, Listener>();
  const stored = new Map<string, string>();
  const fetched: string[] = [];
  const scope: Record<string, unknown> = {
    location: new URL(`${APP}/sw.js`),
    addEventListener: (type: string, fn: Listener) => listeners.set(type, fn),
    skipWaiting: () => undefined,
    clients: { claim: async () => undefined },
    caches: {
      open: async () => ({
        match: async (key: string) => (stored.has(key) ? new Response(stored.get(key)) : undefined),
        put: async (key: string, response: Response) => void stored.set(key, await response.text()),
      }),
    },
    fetch: async (request: { url: string }) => {
      fetched.push(request.url);
      return new Response('<!doctype html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': 'default-src *' },
      });
    },
    Headers,
    Response,
    URL,
  };
  scope.self = scope;
  runInNewContext(SW_SOURCE, scope);

  const dispatchFetch = async (
    url: string,
    init: { mode?: string; destination?: string } = {},
  ): Promise<Response | undefined> => {
    let answer: Promise<Response> | undefined;
    listeners.get('fetch')?.({
      request: {
        url,
        mode: init.mode ?? 'cors',
        destination: init.destination ?? '',
        cache: 'default',
      },
      respondWith: (p: Promise<Response>) => (answer = p),
    });
    return answer;
  };
  const message = (data: unknown) =>
    new Promise<{ origins: string[]; added: string[] }>((done) => {
      listeners.get('message')?.({
        data,
        ports: [{ postMessage: done }],
        waitUntil: () => undefined,
      });
    });
  return { dispatchFetch, message, fetched, stored };
}

describe('public/sw.js', () => {
  it('adds isolation headers and the CSP of csp.ts to page loads, with the allowed origins', async () => {
    const sw = loadServiceWorker();
    const first = await sw.dispatchFetch(`${APP}/`, { mode: 'navigate', destination: 'document' });
    expect(first?.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(first?.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(first?.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    // The server's looser policy is replaced, not added to.
    expect(first?.headers.get('Content-Security-Policy')).toBe(buildCsp({ connect: [] }));
    expect(await first?.text()).toBe('<!doctype html>');

    const answer = await sw.message({
      type: 'prelabel:allow',
      origins: [
        'https://ls.example.com/projects/3',
        'ftp://nope',
        'not a url',
        'http://localhost:8080',
      ],
    });
    expect(answer.added).toEqual(['https://ls.example.com', 'http://localhost:8080']);
    const again = await sw.message({ type: 'prelabel:allow', origins: ['https://ls.example.com'] });
    expect(again).toEqual({
      origins: ['https://ls.example.com', 'http://localhost:8080'],
      added: [],
    });

    const worker = await sw.dispatchFetch(`${APP}/assets/worker-abc.js`, { destination: 'worker' });
    expect(worker?.headers.get('Content-Security-Policy')).toBe(
      buildCsp({ connect: ['https://ls.example.com', 'http://localhost:8080'] }),
    );
    expect(worker?.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('leaves every other request alone (images, models, the API, other origins)', async () => {
    const sw = loadServiceWorker();
    expect(await sw.dispatchFetch(`${APP}/models/index.json`)).toBeUndefined();
    expect(
      await sw.dispatchFetch('https://img.example.test/a.png', { destination: 'image' }),
    ).toBeUndefined();
    expect(await sw.dispatchFetch('https://other.test/', { mode: 'navigate' })).toBeUndefined();
    expect(sw.fetched).toEqual([]);
  });

  it('keeps the allowlist in Cache Storage, so a restarted service worker still has it', async () => {
    const sw = loadServiceWorker();
    await sw.message({ type: 'prelabel:allow', origins: ['https://models.example.test/m.onnx'] });
    expect(JSON.parse(sw.stored.get('/__prelabel/connect-allowlist') ?? '[]')).toEqual([
      'https://models.example.test',
    ]);
  });
});

describe('csp.ts', () => {
  it('allows no inline script or eval in the built app, and WebAssembly compilation', () => {
    const csp = buildCsp({ connect: [] });
    const script = csp.split('; ').find((d) => d.startsWith('script-src '));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self' blob: data:;");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('dev adds only what the Vite client needs', () => {
    const dev = buildCsp({ connect: 'any', dev: true });
    expect(dev).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'");
    expect(dev).toMatch(/connect-src [^;]* ws: wss:/);
    expect(appHeaders(false)['Content-Security-Policy']).not.toContain('ws:');
  });

  it('allows images and audio over http only from the hosts connect-src names', () => {
    const directive = (csp: string, name: string) =>
      csp.split('; ').find((d) => d.startsWith(`${name} `));
    const named = buildCsp({ connect: ['http://localhost:8080', 'https://ls.example.com'] });
    expect(directive(named, 'img-src')).toBe(
      "img-src 'self' blob: data: https: http://localhost:8080",
    );
    expect(directive(named, 'media-src')).toBe(
      "media-src 'self' blob: data: https: http://localhost:8080",
    );
    expect(directive(buildCsp({ connect: [] }), 'img-src')).toBe(
      "img-src 'self' blob: data: https:",
    );
    const fallback = buildCsp({ connect: 'any' });
    expect(directive(fallback, 'img-src')).toBe(
      "img-src 'self' blob: data: https: http://localhost:* http://127.0.0.1:*",
    );
    expect(directive(fallback, 'img-src')).not.toMatch(/ http: /);
  });

  it('cuts URLs to origins and refuses other schemes', () => {
    expect(originOf('https://ls.example.com:8443/api/projects/')).toBe(
      'https://ls.example.com:8443',
    );
    expect(originOf('/models/x.onnx', 'http://127.0.0.1:4173/')).toBe('http://127.0.0.1:4173');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('::')).toBeNull();
  });
});
