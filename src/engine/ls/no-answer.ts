// In a cross-origin isolated page (COEP require-corp, needed for WASM threads)
// the client's way of telling "CORS refused" from "nothing answers" cannot
// work: its no-cors probe is blocked too, since Label Studio sends no
// Cross-Origin-Resource-Policy header. Both then look like "server down", so
// the message names both causes and the exact setting that fixes the CORS one.

import type { LsErrorInfo } from '../../core/ls-client';

export interface PageContext {
  pageOrigin?: string;
  crossOriginIsolated?: boolean;
}

export function explainNoAnswer(
  info: LsErrorInfo,
  server: string | undefined,
  page: PageContext,
): LsErrorInfo {
  if (info.kind !== 'server-down' || !page.crossOriginIsolated || !page.pageOrigin || !server) {
    return info;
  }
  let origin: string;
  try {
    origin = new URL(server).origin;
  } catch {
    return info;
  }
  if (origin === page.pageOrigin) return info;
  const { pageOrigin } = page;
  return {
    ...info,
    message:
      `No readable answer from Label Studio at ${origin}. Either nothing runs at that address ` +
      `(open ${server} in a new tab to check), or Label Studio refuses requests from ${pageOrigin} ` +
      `(CORS): then allow this origin on the Label Studio server by setting the environment variable ` +
      `CORS_ALLOWED_ORIGINS=${pageOrigin} (or CORS_ALLOW_ALL_ORIGINS=true, Label Studio's default) ` +
      `and restarting it. The browser does not let this page tell the two apart.`,
  };
}
