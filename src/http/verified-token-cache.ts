import type { Auth, Principal } from '../ports/auth.js';

/**
 * Remembers access tokens that verified, until their own expiry. A token is
 * a signed, immutable statement: checking its RS256 signature again on every
 * request of a session (about a tenth of a listing's CPU) changes nothing but
 * the cost. Failures are never remembered, and an expired entry is verified
 * afresh, so the adapter still has the last word.
 */
export class VerifiedTokenCache implements Auth {
  private readonly principals = new Map<string, Principal>();

  constructor(
    private readonly inner: Auth,
    private readonly maxEntries = 10_000,
    private readonly now = () => Date.now(),
  ) {}

  get size(): number {
    return this.principals.size;
  }

  async verify(accessToken: string): Promise<Principal> {
    const known = this.principals.get(accessToken);
    if (known && known.expiresAt.getTime() > this.now()) return known;
    this.principals.delete(accessToken);
    const principal = await this.inner.verify(accessToken);
    // Oldest first: a Map keeps insertion order.
    const oldest = this.principals.keys().next();
    if (this.principals.size >= this.maxEntries && !oldest.done) this.principals.delete(oldest.value);
    this.principals.set(accessToken, principal);
    return principal;
  }

  signUp(email: string, password: string) {
    return this.inner.signUp(email, password);
  }

  confirm(email: string, code: string) {
    return this.inner.confirm(email, code);
  }

  login(email: string, password: string) {
    return this.inner.login(email, password);
  }

  challengeAccount(session: string) {
    return this.inner.challengeAccount(session);
  }

  answerMfaChallenge(session: string, code: string) {
    return this.inner.answerMfaChallenge(session, code);
  }

  refresh(refreshToken: string) {
    return this.inner.refresh(refreshToken);
  }

  logout(refreshToken: string) {
    return this.inner.logout(refreshToken);
  }

  emailOf(userId: string, accessToken: string | null) {
    return this.inner.emailOf(userId, accessToken);
  }

  jwks() {
    return this.inner.jwks();
  }
}
