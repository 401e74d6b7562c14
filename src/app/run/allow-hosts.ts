// Before the engine fetches from a host the user named (a model URL, task
// image URLs), the service worker's connect-src allowlist must have it. A
// worker started before the host was allowed keeps its old policy: then the
// engine has to restart (its state is reloaded by the store's restart hook).

import { allowOrigins } from '../../security/service-worker-client';
import { originOf } from '../../security/csp';

/** True when the engine worker must restart to reach these URLs. */
export async function allowHosts(urls: readonly string[]): Promise<boolean> {
  const origins = urls
    .map((u) => originOf(u, location.href))
    .filter((o): o is string => o !== null && o !== location.origin);
  if (origins.length === 0) return false;
  try {
    return (await allowOrigins(origins)).staleUntilRestart;
  } catch {
    return false;
  }
}
