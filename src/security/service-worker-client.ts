// The page's side of public/sw.js: registers it, reloads once on a first
// visit that is not cross-origin isolated (a static host without headers: the
// service worker adds them from the next load on), and adds origins to the
// connect-src allowlist it keeps.
//
// When a reload or restart is needed after allowing an origin:
// - fetches from the engine worker (models, task images): the worker's policy
//   is fixed when it starts, so restart the worker (EngineClient.restart: the
//   store reloads its state into the new one);
// - fetches from the page (Label Studio API): reload the page.
// Neither is needed while the page is not controlled by the service worker
// (first visit on a host that sends the static policy, or dev), since the
// static policy allows any https origin.

export type ServiceWorkerStart =
  'controlled' | 'registered' | 'reloading' | 'not-needed' | 'unsupported' | 'failed';

export interface PageEnv {
  serviceWorker?: ServiceWorkerContainer;
  crossOriginIsolated: boolean;
  /** Where the app is served from, ending in `/` (import.meta.env.BASE_URL). */
  baseUrl: string;
  session?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  reload(): void;
}

const RELOADED_KEY = 'prelabel:sw-reloaded';

export function browserPageEnv(): PageEnv {
  return {
    ...(typeof navigator !== 'undefined' && 'serviceWorker' in navigator
      ? { serviceWorker: navigator.serviceWorker }
      : {}),
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    baseUrl: import.meta.env.BASE_URL,
    ...(typeof sessionStorage !== 'undefined' ? { session: sessionStorage } : {}),
    reload: () => location.reload(),
  };
}

/**
 * Call before rendering: resolves 'reloading' when the page is about to
 * reload (render nothing then). Never rejects; the app works without it.
 */
export async function startServiceWorker(env: PageEnv): Promise<ServiceWorkerStart> {
  const sw = env.serviceWorker;
  if (!sw) return 'unsupported';
  // A host that sends the headers itself (and its CSP) needs no service worker.
  if (env.crossOriginIsolated && !sw.controller) return 'not-needed';
  try {
    await sw.register(`${env.baseUrl}sw.js`, { scope: env.baseUrl });
    if (sw.controller) {
      env.session?.removeItem(RELOADED_KEY);
      return 'controlled';
    }
    // One reload only: if the service worker cannot isolate this browser, stay.
    if (env.session?.getItem(RELOADED_KEY)) return 'registered';
    await sw.ready;
    env.session?.setItem(RELOADED_KEY, '1');
    env.reload();
    return 'reloading';
  } catch {
    return 'failed';
  }
}

export interface AllowResult {
  /** The whole allowlist after the change. */
  origins: string[];
  /** Origins that were not allowed before. */
  added: string[];
  /** The running page/worker still has the old policy (see the top of this file). */
  staleUntilRestart: boolean;
}

function ask(
  sw: ServiceWorkerContainer,
  message: { type: string; origins?: string[] },
  timeoutMs: number,
): Promise<{ origins: string[]; added: string[] } | null> {
  return new Promise((resolve) => {
    const target = sw.controller;
    if (!target) return resolve(null);
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(event.data as { origins: string[]; added: string[] });
    };
    target.postMessage(message, [channel.port2]);
  });
}

/** Adds origins (URLs are cut to their origin by the service worker) to connect-src. */
export async function allowOrigins(
  origins: readonly string[],
  sw: ServiceWorkerContainer | undefined = browserPageEnv().serviceWorker,
  timeoutMs = 5000,
): Promise<AllowResult> {
  if (!sw?.controller) return { origins: [], added: [], staleUntilRestart: false };
  const answer = await ask(sw, { type: 'prelabel:allow', origins: [...origins] }, timeoutMs);
  const added = answer?.added ?? [];
  return { origins: answer?.origins ?? [], added, staleUntilRestart: added.length > 0 };
}

export async function allowedOrigins(
  sw: ServiceWorkerContainer | undefined = browserPageEnv().serviceWorker,
): Promise<string[]> {
  if (!sw?.controller) return [];
  return (await ask(sw, { type: 'prelabel:get' }, 5000))?.origins ?? [];
}
