// Serves the editor build, the shared fixtures and generated files from a
// fake origin through page.route, so the editor check never touches the
// network or the app's server.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page, Route } from '@playwright/test';

export const EDITOR_ORIGIN = 'http://ls-editor.test';
export const EDITOR_PAGE = `${EDITOR_ORIGIN}/index.html`;
export const EDITOR_BUILD = resolve(process.cwd(), '.cache/ls-editor/package/build');
export const SHARED_FIXTURES = resolve(process.cwd(), '../shared/fixtures');

/** URL on the fake origin of a file under /work/shared/fixtures, e.g. fixtureUrl('images/chelsea.png'). */
export function fixtureUrl(name: string): string {
  return `${EDITOR_ORIGIN}/fixtures/${name}`;
}

/** URL on the fake origin of a file passed in EditorInput.files. */
export function fileUrl(name: string): string {
  return `${EDITOR_ORIGIN}/files/${name}`;
}

// The editor's own index.html pulls Google fonts and a demo task; this page
// only loads the bundle.
const HARNESS_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>LS editor check</title>
<link rel="stylesheet" href="/static/css/main.css"></head>
<body><div id="label-studio"></div><script src="/static/js/main.js"></script></body></html>`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
};

function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

// main.js is 2 MB and is served on every load: read it once per worker.
const fileCache = new Map<string, Buffer>();
function readCached(path: string): Buffer {
  let body = fileCache.get(path);
  if (!body) {
    body = readFileSync(path);
    fileCache.set(path, body);
  }
  return body;
}

/** Resolves `rel` inside `root`, refusing `..` escapes. */
function inside(root: string, rel: string): string | undefined {
  const path = normalize(join(root, decodeURIComponent(rel)));
  return path.startsWith(root + '/') && existsSync(path) ? path : undefined;
}

const pageFiles = new WeakMap<Page, Map<string, Uint8Array | string>>();

async function fulfil(route: Route, files: Map<string, Uint8Array | string>): Promise<void> {
  const url = new URL(route.request().url());
  const path = url.pathname;
  if (path === '/' || path === '/index.html') {
    return route.fulfill({ body: HARNESS_HTML, contentType: 'text/html' });
  }
  if (path.startsWith('/files/')) {
    const body = files.get(decodeURIComponent(path.slice('/files/'.length)));
    if (body !== undefined) {
      return route.fulfill({ body: Buffer.from(body), contentType: contentType(path) });
    }
  }
  const file = path.startsWith('/fixtures/')
    ? inside(SHARED_FIXTURES, path.slice('/fixtures/'.length))
    : inside(EDITOR_BUILD, path.slice(1));
  if (file) return route.fulfill({ body: readCached(file), contentType: contentType(file) });
  return route.fulfill({ status: 404, body: `not served: ${path}`, contentType: 'text/plain' });
}

/**
 * Routes the fake origin on this page (once) and registers `files` for
 * fileUrl(). Other hosts, except the app's own localhost server, are aborted
 * so a stray external URL fails visibly instead of reaching the network.
 */
export async function installEditorRoutes(
  page: Page,
  files: Record<string, Uint8Array | string> = {},
): Promise<void> {
  if (!existsSync(join(EDITOR_BUILD, 'static/js/main.js'))) {
    throw new Error(
      `Label Studio editor build missing in ${EDITOR_BUILD}: run node scripts/get-ls-editor.mjs`,
    );
  }
  let registered = pageFiles.get(page);
  if (!registered) {
    registered = new Map();
    pageFiles.set(page, registered);
    const map = registered;
    await page.route(`${EDITOR_ORIGIN}/**`, (route) => fulfil(route, map));
    await page.route(
      (url) => url.origin !== EDITOR_ORIGIN && !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.abort('blockedbyclient'),
    );
  }
  for (const [name, body] of Object.entries(files)) registered.set(name, body);
}
