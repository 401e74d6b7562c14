// A task's media reference → a Blob. Files the server holds (/data/upload/…,
// /data/local-files/?d=…, any relative URL, or an absolute URL on the server's
// own origin) need the auth header; public URLs elsewhere are fetched without
// it — the token never goes to another host.

import { LsError } from './errors';
import type { LsTransport } from './transport';

export type MediaOrigin = 'server' | 'foreign' | 'inline';

export interface ResolvedMedia {
  url: URL;
  origin: MediaOrigin;
}

/** Where a reference points and whether it belongs to the Label Studio server. */
export function resolveMediaRef(transport: LsTransport, ref: string): ResolvedMedia {
  const text = ref.trim();
  if (/^data:/i.test(text)) return { url: new URL(text), origin: 'inline' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    throw new LsError({
      kind: 'rejected',
      message: `"${scheme}://" media is read by Label Studio from cloud storage; Prelabel cannot fetch it directly (${text.slice(0, 80)})`,
    });
  }
  if (scheme) {
    const url = new URL(text);
    return { url, origin: url.origin === transport.base.origin ? 'server' : 'foreign' };
  }
  // Root-relative refs (/data/upload/…) live under a sub-path install's prefix too.
  const prefix = transport.base.pathname.replace(/\/$/, '');
  const path =
    text.startsWith('/') && prefix && !text.startsWith(`${prefix}/`) ? prefix + text : text;
  const url = new URL(path, path.startsWith('/') ? transport.base.origin : transport.base);
  return { url, origin: 'server' };
}

export async function fetchMedia(
  transport: LsTransport,
  ref: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const { url, origin } = resolveMediaRef(transport, ref);
  if (origin === 'inline') return (await fetch(url.href, { signal: signal ?? null })).blob();
  const { data } = await transport.request<Blob>(url, {
    auth: origin === 'server',
    responseType: 'blob',
    signal,
  });
  return data;
}
