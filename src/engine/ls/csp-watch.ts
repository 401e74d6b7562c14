// A fetch the page's Content-Security-Policy blocks (connect-src) fails like
// a dead server: a bare TypeError. The browser does fire a
// securitypolicyviolation event (in workers too), so remember which origins
// were blocked and let the session say so instead of "nothing answers".

interface ViolationLike {
  blockedURI?: string;
  effectiveDirective?: string;
  violatedDirective?: string;
}

interface EventSource {
  addEventListener?(type: string, listener: (event: Event) => void): void;
}

function originOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export class CspWatch {
  private readonly blocked = new Set<string>();

  constructor(target: EventSource | undefined = globalThis as EventSource) {
    target?.addEventListener?.('securitypolicyviolation', (event) =>
      this.record(event as ViolationLike),
    );
  }

  record(violation: ViolationLike): void {
    const directive = violation.effectiveDirective ?? violation.violatedDirective ?? '';
    if (!directive.startsWith('connect-src')) return;
    const origin = violation.blockedURI ? originOf(violation.blockedURI) : undefined;
    if (origin) this.blocked.add(origin);
  }

  /** Was a request to `origin` blocked by the policy? Waits a turn: the event is queued after the failure. */
  async isBlocked(origin: string): Promise<boolean> {
    if (this.blocked.has(origin)) return true;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.blocked.has(origin);
  }
}

export function cspBlockedMessage(origin: string): string {
  return (
    `This page's security policy (Content-Security-Policy, connect-src) does not allow connecting to ${origin}, ` +
    `so the browser did not even try. Prelabel's default policy allows https addresses and Label Studio ` +
    `on this machine (http://localhost, http://127.0.0.1): serve Label Studio over https, or ask whoever ` +
    `hosts Prelabel to allow ${origin}.`
  );
}
