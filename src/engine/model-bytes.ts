// Model bytes from a dropped file or a URL. URL downloads report progress and
// are kept in the Cache API (keyed by URL) so a reload does not download again.

import type { LoadProgress, ModelSource } from './api';

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

export async function loadModelBytes(
  source: ModelSource,
  onProgress: (p: LoadProgress) => void,
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
  const cache = await openCache();
  const cached = await cache?.match(url).catch(() => undefined);
  if (cached) {
    onProgress({ phase: 'cache' });
    return { bytes: new Uint8Array(await cached.arrayBuffer()), fileName, fromCache: true };
  }
  let response: Response;
  try {
    response = await fetch(url, { mode: 'cors' });
  } catch (error) {
    throw new Error(
      `could not download ${url} (${(error as Error).message}); the server must allow CORS from this page`,
      { cause: error },
    );
  }
  if (!response.ok) throw new Error(`could not download ${url}: HTTP ${response.status}`);
  const bytes = await readWithProgress(response, onProgress);
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

/** `name@<first 8 hex of sha256>`: a model_version that changes when the weights do. */
export async function modelVersionOf(name: string, bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  const hex = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${name}@${hex}`;
}
