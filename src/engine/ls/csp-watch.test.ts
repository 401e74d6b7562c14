// Requests the page's CSP blocks fail like a dead server; the violation event
// tells them apart, and the session then says which policy refused.

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CspWatch } from './csp-watch';
import { openLsDb } from './ls-db';
import { LsSession } from './session';

describe('CspWatch', () => {
  it('remembers origins blocked by connect-src, from the violation events', async () => {
    const target = new EventTarget();
    const watch = new CspWatch(target);
    const violation = (blockedURI: string, effectiveDirective: string) =>
      Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective });
    target.dispatchEvent(violation('http://ls.lan:8080/api/version', 'connect-src'));
    target.dispatchEvent(violation('http://img.lan/x.png', 'img-src'));
    expect(await watch.isBlocked('http://ls.lan:8080')).toBe(true);
    expect(await watch.isBlocked('http://img.lan')).toBe(false);
    // The event may arrive just after the failed fetch.
    const late = watch.isBlocked('http://late.lan');
    watch.record({ blockedURI: 'http://late.lan/api', effectiveDirective: 'connect-src' });
    expect(await late).toBe(true);
  });

  it('turns the session\'s "no answer" into the policy message', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const blocked = new Set(['http://ls.lan:8080']);
    const session = (origins: Set<string>) =>
      new LsSession({
        fetch: failing,
        pageOrigin: 'http://127.0.0.1:4173',
        crossOriginIsolated: true,
        client: { retry: { retries: 0 } },
        openDb: () => openLsDb('csp-watch-test'),
        csp: { isBlocked: async (origin) => origins.has(origin) },
      });
    const refused = await session(blocked).connect({
      url: 'http://ls.lan:8080',
      token: 'some-token-123456',
      remember: false,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/Content-Security-Policy.*ls\.lan:8080/);
    const down = await session(new Set()).connect({
      url: 'http://ls.lan:8080',
      token: 'some-token-123456',
      remember: false,
    });
    expect(down.ok).toBe(false);
    if (!down.ok) expect(down.error.message).not.toMatch(/Content-Security-Policy/);
  });
});
