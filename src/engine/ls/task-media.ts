// Task images of a Label Studio project → Blobs for inference. Files the
// server holds (/data/upload/…, /data/local-files/?d=…, relative URLs, its own
// absolute URLs) are fetched with the auth header by the client; public URLs
// on other hosts without it (the token never leaves for another host). A
// failure is an Error with a message for people; it fails that task only.

import { toLsErrorInfo, type LsClient } from '../../core/ls-client';

export type TaskMediaFetcher = (reference: string, signal?: AbortSignal) => Promise<Blob>;

function shortRef(reference: string): string {
  return reference.length > 120 ? `${reference.slice(0, 117)}…` : reference;
}

export function taskMediaFetcher(client: LsClient): TaskMediaFetcher {
  return async (reference, signal) => {
    let blob: Blob;
    try {
      blob = await client.fetchMedia(reference, signal);
    } catch (error) {
      const info = toLsErrorInfo(error, client.secrets());
      throw new Error(`could not fetch "${shortRef(reference)}": ${info.message}`, {
        cause: error,
      });
    }
    // A login or error page served with 200 (a proxy, a wrong path): say so, not "cannot decode".
    if (blob.type.startsWith('text/html')) {
      throw new Error(
        `"${shortRef(reference)}" is not an image: the server sent an HTML page (is the path right?)`,
      );
    }
    return blob;
  };
}
