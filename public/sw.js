// Prelabel's service worker. It touches only two kinds of responses, both
// from our own origin: page loads (navigations) and worker scripts. To them
// it adds
// - Cross-Origin-Opener-Policy / -Embedder-Policy (+ -Resource-Policy), so a
//   static host that cannot send headers (GitHub Pages) still gets a
//   cross-origin isolated page and worker (WASM threads need it);
// - the Content-Security-Policy of src/security/csp.ts with connect-src
//   narrowed to our origin + the origins the page allowed (Label Studio
//   server, model URLs, image hosts), kept in Cache Storage so it survives the
//   service worker being stopped.
// A policy is fixed when a document or worker starts: a newly allowed origin
// applies to workers started afterwards and to the page after a reload.
// Every other request (images, models, the API) is not intercepted at all.
//
// Plain JavaScript with no imports: it is served as is from public/.
// src/security/sw.test.ts runs it and checks its policy equals csp.ts's.

const STORE = 'prelabel-sw-v1';
const ALLOWLIST_URL = '/__prelabel/connect-allowlist';

/** Must match cspDirectives() in src/security/csp.ts (checked by a test). */
function policyFor(origins) {
  // Images and audio over plain http only from the hosts the user named.
  const http = origins.filter((origin) => origin.startsWith('http:'));
  const directives = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'blob:', 'data:', 'https:', ...http]],
    ['media-src', ["'self'", 'blob:', 'data:', 'https:', ...http]],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", 'blob:', 'data:', ...origins]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Only plain http(s) origins, as URL.origin writes them (no paths, no wildcards). */
function cleanOrigins(list) {
  const out = [];
  for (const value of Array.isArray(list) ? list : []) {
    try {
      const url = new URL(String(value));
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !out.includes(url.origin)) {
        out.push(url.origin);
      }
    } catch {
      // not a URL: ignored
    }
  }
  return out;
}

let cached = null;

async function readAllowlist() {
  if (cached) return cached;
  try {
    const store = await caches.open(STORE);
    const response = await store.match(ALLOWLIST_URL);
    cached = response ? cleanOrigins(await response.json()) : [];
  } catch {
    cached = [];
  }
  return cached;
}

async function writeAllowlist(origins) {
  cached = origins;
  const store = await caches.open(STORE);
  await store.put(
    ALLOWLIST_URL,
    new Response(JSON.stringify(origins), { headers: { 'Content-Type': 'application/json' } }),
  );
}

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// { type: 'prelabel:allow', origins: [...] } adds origins; 'prelabel:get' reads.
// The answer goes to the MessagePort sent along: { origins, added }.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== 'prelabel:allow' && data.type !== 'prelabel:get') return;
  const work = (async () => {
    const current = await readAllowlist();
    let added = [];
    if (data.type === 'prelabel:allow') {
      added = cleanOrigins(data.origins).filter((o) => !current.includes(o));
      if (added.length > 0) await writeAllowlist([...current, ...added]);
    }
    if (port) port.postMessage({ origins: await readAllowlist(), added });
  })();
  if (event.waitUntil) event.waitUntil(work);
});

function isOurs(request) {
  return new URL(request.url).origin === self.location.origin;
}

function wanted(request) {
  if (!isOurs(request)) return false;
  return (
    request.mode === 'navigate' ||
    request.destination === 'worker' ||
    request.destination === 'sharedworker'
  );
}

async function withHeaders(request) {
  const response = await fetch(request);
  // Redirects and network errors pass through untouched.
  if (response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  headers.set('Content-Security-Policy', policyFor(await readAllowlist()));
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!wanted(request)) return;
  // Chromium refuses to fetch these from a service worker.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(withHeaders(request));
});
