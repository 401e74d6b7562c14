// The app's Content-Security-Policy, in one place: vite.config.ts sends it
// from the dev and preview servers, and public/sw.js builds the same policy
// (a test keeps the two equal) with connect-src narrowed to the origins the
// user added. Pure: runs in Node (the Vite config) and in the browser.
//
// - script-src: our own files only, plus 'wasm-unsafe-eval' (compiling ONNX
//   Runtime's WebAssembly); no inline scripts, no eval.
// - worker-src: the engine worker and ONNX Runtime's thread workers are our
//   own files; blob: for workers built at run time.
// - img/media: task images and audio come from anywhere over https (a
//   task file is a list of URLs), plus blob:/data:; over plain http only
//   from the hosts connect-src names (a Label Studio on http://localhost:8080
//   the user named; local servers in the static fallback).
// - connect-src: what fetch() may reach. The service worker sets it to our
//   origin + the Label Studio server + model and image hosts the user added.
//   Without the service worker (first visit, dev) the server's static policy
//   allows any https origin and local servers.

export interface CspOptions {
  /** Origins fetch() may reach besides our own; 'any' = the static fallback. */
  connect: 'any' | readonly string[];
  /** Vite dev server: inline scripts/styles of its client and its HMR websocket. */
  dev?: boolean;
}

/** connect-src of the static fallback: any https origin, and local Label Studio servers. */
export const STATIC_CONNECT = ['https:', 'http://localhost:*', 'http://127.0.0.1:*'] as const;

/** The plain-http sources of connect-src: images and audio may come from them too. */
function plainHttpOf(connect: readonly string[]): string[] {
  return connect.filter((source) => source.startsWith('http:'));
}

/** The directives, in order; connect-src gets the allowlist appended. */
export function cspDirectives(options: CspOptions): [string, string[]][] {
  const connect = options.connect === 'any' ? [...STATIC_CONNECT] : [...options.connect];
  const dev = options.dev === true;
  const http = plainHttpOf(connect);
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['worker-src', ["'self'", 'blob:']],
    ['style-src', ["'self'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['img-src', ["'self'", 'blob:', 'data:', 'https:', ...http]],
    ['media-src', ["'self'", 'blob:', 'data:', 'https:', ...http]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", 'blob:', 'data:', ...connect, ...(dev ? ['ws:', 'wss:'] : [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    // Only honoured as a header (not in <meta>): the app is never framed.
    ['frame-ancestors', ["'none'"]],
  ];
}

export function buildCsp(options: CspOptions): string {
  return cspDirectives(options)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The origin a URL the user entered may be fetched from, or null when it
 * cannot be allowlisted (not http/https, or unparsable). Paths never matter:
 * CSP source expressions here are origins.
 */
export function originOf(url: string, base?: string): string | null {
  try {
    const parsed = new URL(url, base);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

/** WASM threads need a cross-origin isolated page (SharedArrayBuffer). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** Every header a server should send with the app (dev and preview here; see README for hosts). */
export function appHeaders(dev: boolean): Record<string, string> {
  return {
    ...ISOLATION_HEADERS,
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': buildCsp({ connect: 'any', dev }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
