import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashSecret, newSecret } from '../domain/ids.js';
import { SocialSignInError } from '../domain/social-sign-in.js';
import type { Clock } from '../ports/clock.js';
import type { PendingSignIn, SocialProvider, SocialSignIn } from '../ports/social-sign-in.js';
import type { SignIn } from '../ports/auth.js';
import type { ThrottleStore } from '../ports/throttle-store.js';

/** How long a sign-in may take at the provider: its cookie lives this long, and its state is claimable until then. */
export const SIGN_IN_SECONDS = 10 * 60;

/** A sealed sign-in is a few hundred bytes; anything much larger is not ours and is not decrypted. */
const MAX_SEALED_CHARS = 2048;
const AAD = Buffer.from('photoshare social sign-in v1');

interface Sealed extends PendingSignIn {
  expiresAtMs: number;
}

export interface SocialSignInServiceDeps {
  social: SocialSignIn;
  /** Where each state is claimed once: shared by every API process (a DynamoDB table in aws mode). */
  throttle: ThrottleStore;
  clock: Clock;
  /** 32 bytes: seals what the browser keeps between start and callback (AES-256-GCM). */
  key: Buffer;
  /** The callback URL the provider returns to (the public URL + /auth/oauth/callback). */
  redirectUri: string;
}

/**
 * The rules of a social sign-in around the provider's protocol: fresh PKCE verifier, state and nonce for each
 * start, sealed for the browser to keep (so no server state until the callback); at the callback the sealed
 * sign-in must be ours and unexpired, the state must match it, and each state is accepted once.
 */
export class SocialSignInService {
  constructor(private readonly deps: SocialSignInServiceDeps) {}

  providers(): SocialProvider[] {
    return this.deps.social.providers();
  }

  /** The provider's authorization URL and the sealed sign-in to keep; null for an unknown provider. */
  async begin(provider: string): Promise<{ url: string; sealed: string; maxAgeSeconds: number } | null> {
    const pending: PendingSignIn = { provider, codeVerifier: newSecret(), state: newSecret(), nonce: newSecret() };
    const url = await this.deps.social.authorizationUrl(pending, this.deps.redirectUri);
    if (!url) return null;
    const expiresAtMs = this.deps.clock.now().getTime() + SIGN_IN_SECONDS * 1000;
    return { url: url.href, sealed: this.seal({ ...pending, expiresAtMs }), maxAgeSeconds: SIGN_IN_SECONDS };
  }

  /** Completes the sign-in the browser started; throws a SocialSignInError for any refusal. */
  async finish(sealed: string | undefined, query: URLSearchParams): Promise<SignIn> {
    const pending = sealed ? this.unseal(sealed) : null;
    const nowMs = this.deps.clock.now().getTime();
    if (!pending || pending.expiresAtMs <= nowMs)
      throw new SocialSignInError('expired', 'No sign-in in progress in this browser, or it took too long');
    const state = query.get('state') ?? '';
    if (!sameText(state, pending.state))
      throw new SocialSignInError('invalid_state', 'The state is not the one this sign-in sent');
    const claim = await this.deps.throttle.countInWindow(`oauth-state:${hashSecret(state)}`, 1, pending.expiresAtMs, nowMs);
    if (!claim.allowed) throw new SocialSignInError('invalid_state', 'This sign-in was completed already');
    const callbackUrl = new URL(this.deps.redirectUri);
    callbackUrl.search = query.toString();
    const { expiresAtMs: _, ...rest } = pending;
    return this.deps.social.complete(rest, callbackUrl);
  }

  private seal(value: Sealed): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.deps.key, iv).setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  private unseal(sealed: string): Sealed | null {
    if (sealed.length > MAX_SEALED_CHARS) return null;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 29) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.deps.key, bytes.subarray(0, 12)).setAAD(AAD);
      decipher.setAuthTag(bytes.subarray(12, 28));
      const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      const value = JSON.parse(text) as Partial<Sealed>;
      const fields = [value.provider, value.codeVerifier, value.state, value.nonce];
      if (!fields.every((f) => typeof f === 'string') || typeof value.expiresAtMs !== 'number') return null;
      return value as Sealed;
    } catch {
      return null;
    }
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
