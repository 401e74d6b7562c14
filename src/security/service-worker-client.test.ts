import { describe, expect, it } from 'vitest';
import { allowOrigins, startServiceWorker, type PageEnv } from './service-worker-client';

function env(options: { controlled: boolean; isolated: boolean; reloadedBefore?: boolean }) {
  const session = new Map<string, string>();
  if (options.reloadedBefore) session.set('prelabel:sw-reloaded', '1');
  const calls = { register: [] as string[], reloads: 0 };
  const page: PageEnv = {
    serviceWorker: {
      controller: options.controlled ? ({} as ServiceWorker) : null,
      register: async (url: string) => {
        calls.register.push(url);
        return {} as ServiceWorkerRegistration;
      },
      ready: Promise.resolve({} as ServiceWorkerRegistration),
    } as unknown as ServiceWorkerContainer,
    crossOriginIsolated: options.isolated,
    baseUrl: '/app/',
    session: {
      getItem: (k) => session.get(k) ?? null,
      setItem: (k, v) => void session.set(k, v),
      removeItem: (k) => void session.delete(k),
    },
    reload: () => void calls.reloads++,
  };
  return { page, calls, session };
}

describe('startServiceWorker', () => {
  it('reloads once on a first visit that is not isolated (static host without headers)', async () => {
    const { page, calls } = env({ controlled: false, isolated: false });
    expect(await startServiceWorker(page)).toBe('reloading');
    expect(calls.register).toEqual(['/app/sw.js']);
    expect(calls.reloads).toBe(1);
    // If the reloaded page is still not controlled (no support), it does not loop.
    expect(await startServiceWorker(page)).toBe('registered');
    expect(calls.reloads).toBe(1);
  });

  it('leaves a page the server already isolates alone (the server sends the policy too)', async () => {
    const { page, calls } = env({ controlled: false, isolated: true });
    expect(await startServiceWorker(page)).toBe('not-needed');
    expect(calls.register).toEqual([]);
    expect(calls.reloads).toBe(0);
  });

  it('a controlled page clears the reload mark', async () => {
    const { page, session } = env({ controlled: true, isolated: true, reloadedBefore: true });
    expect(await startServiceWorker(page)).toBe('controlled');
    expect(session.size).toBe(0);
  });

  it('without service workers the app still starts', async () => {
    const { page } = env({ controlled: false, isolated: false });
    delete page.serviceWorker;
    expect(await startServiceWorker(page)).toBe('unsupported');
  });
});

describe('allowOrigins', () => {
  it('is a no-op while no service worker controls the page', async () => {
    expect(await allowOrigins(['https://a.test'], undefined)).toEqual({
      origins: [],
      added: [],
      staleUntilRestart: false,
    });
  });

  it('asks the service worker and reports new origins as needing a restart', async () => {
    const controller = {
      postMessage: (message: { origins: string[] }, [port]: MessagePort[]) =>
        port!.postMessage({ origins: message.origins, added: message.origins }),
    };
    const sw = { controller } as unknown as ServiceWorkerContainer;
    expect(await allowOrigins(['https://a.test'], sw)).toEqual({
      origins: ['https://a.test'],
      added: ['https://a.test'],
      staleUntilRestart: true,
    });
  });
});
