import type { SignIn } from './auth.js';

/** A provider the web app offers as "Sign in with <name>". */
export interface SocialProvider {
  id: string;
  name: string;
}

/** What a sign-in in progress keeps between the start and the callback (sealed in a cookie): all single-use secrets. */
export interface PendingSignIn {
  provider: string;
  /** PKCE: the challenge sent is its SHA-256 (S256). */
  codeVerifier: string;
  state: string;
  nonce: string;
}

/**
 * Sign-in through an OpenID Connect provider (authorization code flow with PKCE). Local mode: any provider,
 * accounts linked by verified email. aws mode: the user pool's hosted UI, federating to the pool's providers.
 */
export interface SocialSignIn {
  providers(): SocialProvider[];
  /** The provider's authorization URL for this sign-in; null when no provider has that id. */
  authorizationUrl(pending: PendingSignIn, redirectUri: string): Promise<URL | null>;
  /**
   * Checks the provider's answer at `callbackUrl` (state, error), exchanges its code with the verifier, validates the
   * ID token (signature, issuer, audience, nonce) and signs the user in. Throws a SocialSignInError for any refusal.
   */
  complete(pending: PendingSignIn, callbackUrl: URL): Promise<SignIn>;
}
