// The Authorization header for each request. A personal access token is
// exchanged for an access JWT once, shared by all concurrent requests, renewed
// shortly before it expires and again when the server answers 401.

import { jwtExpiresAt, detectTokenKind, type TokenKind } from './token';

/** Exchanges the personal access token for a fresh access JWT. */
export type TokenExchange = () => Promise<string>;

/** Renew this long before `exp`: a request may take a while to reach the server. */
const EXPIRY_MARGIN_MS = 30_000;

export class AuthSession {
  readonly kind: TokenKind;
  private access: string | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly token: string,
    private readonly exchange: TokenExchange,
    private readonly now: () => number = Date.now,
  ) {
    this.kind = detectTokenKind(token);
  }

  /** Every string that must never be shown: the token and the current access JWT. */
  secrets(): string[] {
    return this.access ? [this.token, this.access] : [this.token];
  }

  async header(): Promise<string> {
    if (this.kind === 'legacy') return `Token ${this.token.trim()}`;
    if (this.kind === 'jwt-access') return `Bearer ${this.token.trim()}`;
    const expiresAt = this.access ? jwtExpiresAt(this.access) : undefined;
    if (!this.access || (expiresAt !== undefined && expiresAt - this.now() < EXPIRY_MARGIN_MS)) {
      await this.renew();
    }
    return `Bearer ${this.access!}`;
  }

  /**
   * After a 401 sent with `usedHeader`: true when a new access JWT was obtained
   * (retry the request once), false when renewing cannot help.
   */
  async recover(usedHeader: string): Promise<boolean> {
    if (this.kind !== 'personal-access-token') return false;
    // Another request renewed it meanwhile: just retry with the new one.
    if (this.access && usedHeader !== `Bearer ${this.access}`) return true;
    await this.renew();
    return true;
  }

  private renew(): Promise<string> {
    if (!this.pending) {
      this.pending = this.exchange()
        .then((access) => {
          this.access = access;
          return access;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }
}
