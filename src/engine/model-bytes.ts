// Model bytes from a dropped file or a URL. URL downloads report progress and
// are kept in the Cache API (keyed by URL) so a reload does not download again
// (not for the app's own built-ins: the HTTP cache serves those, and a stale
// Cache API copy would outlive an update of the package).

import type { LoadProgress, ModelSource } from './api';
import { fetchReleaseAsset, parseReleaseUrl } from './github-release';

const CACHE_NAME = 'prelabel-models-v1';

export interface ModelBytes {
  bytes: Uint8Array;
  fileName: string;
  fromCache: boolean;
}

function fileNameOfUrl(url: string): string {
  try {
    const path = new URL(url, self.location.href).pathname;
    return decodeURIComponent(path.split('/').pop() || 'model.onnx');
  } catch {
    return 'model.onnx';
  }
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE_NAME);
  } catch {
    return null; // e.g. storage disabled: download every time
  }
}

async function readWithProgress(
  response: Response,
  onProgress: (p: LoadProgress) => void,
): Promise<Uint8Array> {
  const header = Number(response.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : undefined;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    const now = performance.now();
    if (now - lastReport > 100) {
      lastReport = now;
      onProgress({ phase: 'download', loaded, ...(total ? { total } : {}) });
    }
  }
  onProgress({ phase: 'download', loaded, total: total ?? loaded });
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A network error on a GitHub release URL is its missing CORS header: retry through the API. */
async function download(url: string): Promise<Response> {
  try {
    return await fetch(url, { mode: 'cors' });
  } catch (error) {
    const asset = parseReleaseUrl(url);
    if (!asset) throw error;
    return fetchReleaseAsset(asset, (u, init) => fetch(u, init));
  }
}

export type BytesSource = Extract<ModelSource, { kind: 'file' | 'url' }>;

export interface BytesOptions {
  /** Keep URL downloads in the Cache API (default true). */
  cache?: boolean;
  /** Named in progress reports (packages of several files). */
  label?: string;
}

export async function loadModelBytes(
  source: BytesSource,
  onProgress: (p: LoadProgress) => void,
  options: BytesOptions = {},
): Promise<ModelBytes> {
  if (source.kind === 'file') {
    return {
      bytes: new Uint8Array(await source.file.arrayBuffer()),
      fileName: source.file.name,
      fromCache: false,
    };
  }
  const url = source.url.trim();
  const fileName = fileNameOfUrl(url);
  const report = (p: LoadProgress) => onProgress(options.label ? { ...p, file: options.label } : p);
  const cache = options.cache === false ? null : await openCache();
  const cached = await cache?.match(url).catch(() => undefined);
  if (cached) {
    report({ phase: 'cache' });
    return { bytes: new Uint8Array(await cached.arrayBuffer()), fileName, fromCache: true };
  }
  let response: Response;
  try {
    response = await download(url);
  } catch (error) {
    throw new Error(
      `could not download ${url} (${(error as Error).message}); the server must allow CORS from this page, else download the file yourself and drop it here`,
      { cause: error },
    );
  }
  if (!response.ok) throw new Error(`could not download ${url}: HTTP ${response.status}`);
  const bytes = await readWithProgress(response, report);
  // Best effort: a full disk or private mode must not stop the run.
  await cache
    ?.put(
      url,
      new Response(bytes.slice().buffer, {
        headers: { 'content-type': 'application/octet-stream' },
      }),
    )
    .catch(() => undefined);
  return { bytes, fileName, fromCache: false };
}
