import * as oidc from 'openid-client';
import { SocialSignInError } from '../../domain/social-sign-in.js';
import type { Tokens } from '../../ports/auth.js';
import type { PendingSignIn, SocialProvider, SocialSignIn } from '../../ports/social-sign-in.js';
import type { SignIn } from '../../ports/auth.js';

export interface OidcProviderSettings {
  id: string;
  name: string;
  /** Discovered at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Sent as client_secret_post; null for a public client (PKCE alone). */
  clientSecret: string | null;
  /** Extra parameters of the authorization request (Cognito: `identity_provider`). */
  authorizationParams?: Record<string, string>;
}

/** What the provider vouched for, after the ID token was validated. */
export interface VerifiedIdentity {
  provider: string;
  subject: string;
  /** Present and verified: anything else was refused before. */
  email: string;
  /** The provider's own tokens (aws mode hands Cognito's to the client as they are). */
  tokens: Tokens | null;
}

export interface OidcSignInOptions {
  /** Plain http:// is allowed for an issuer on 127.0.0.1 or localhost only (a test, a provider on this machine). */
  allowLoopbackHttp: (issuer: string) => boolean;
  /** Seconds each request to a provider may take (discovery, JWKS, token). */
  timeoutSeconds?: number;
}

const SCOPE = 'openid email profile';

/**
 * The authorization code flow with PKCE (S256), state and nonce, for any OpenID Connect provider, through
 * openid-client. What a verified identity becomes is the mode's (`signInAs`): a local account linked by email, or
 * the user pool's own tokens as they are.
 */
export class OidcSignIn implements SocialSignIn {
  private readonly byId: Map<string, OidcProviderSettings>;
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(
    providers: OidcProviderSettings[],
    private readonly signInAs: (identity: VerifiedIdentity) => Promise<SignIn>,
    private readonly options: OidcSignInOptions,
  ) {
    this.byId = new Map(providers.map((p) => [p.id, p]));
  }

  providers(): SocialProvider[] {
    return [...this.byId.values()].map(({ id, name }) => ({ id, name }));
  }

  async authorizationUrl(pending: PendingSignIn, redirectUri: string): Promise<URL | null> {
    const provider = this.byId.get(pending.provider);
    if (!provider) return null;
    const config = await this.configuration(provider);
    return oidc.buildAuthorizationUrl(config, {
      ...provider.authorizationParams,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
  }

  async complete(pending: PendingSignIn, callbackUrl: URL): Promise<SignIn> {
    const provider = this.byId.get(pending.provider);
    if (!provider) throw new SocialSignInError('expired', 'The sign-in names a provider no longer configured');
    const config = await this.configuration(provider);
    let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      response = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw refusal(err);
    }
    const claims = response.claims();
    if (!claims) throw new SocialSignInError('provider_error', 'The provider answered no ID token');
    const email = typeof claims.email === 'string' ? claims.email : null;
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    if (!email || !verified) throw new SocialSignInError('email_unverified', 'The provider did not vouch for an email address');
    return this.signInAs({ provider: provider.id, subject: claims.sub, email, tokens: tokensOf(response) });
  }

  /** Discovered once per provider; a failed discovery is tried again on the next sign-in. */
  private configuration(provider: OidcProviderSettings): Promise<oidc.Configuration> {
    let found = this.configurations.get(provider.id);
    if (!found) {
      const insecure = provider.issuer.startsWith('http:');
      if (insecure && !this.options.allowLoopbackHttp(provider.issuer))
        throw new Error(`provider ${provider.id}: an http:// issuer is allowed on the loopback only`);
      found = oidc
        .discovery(
          new URL(provider.issuer),
          provider.clientId,
          undefined,
          provider.clientSecret ? oidc.ClientSecretPost(provider.clientSecret) : oidc.None(),
          {
            // Deprecated only to stand out: allowed for an issuer on the loopback alone (checked above).
            // eslint-disable-next-line @typescript-eslint/no-deprecated
            execute: insecure ? [oidc.allowInsecureRequests] : [],
            timeout: this.options.timeoutSeconds ?? 10,
          },
        )
        .catch((err: unknown) => {
          this.configurations.delete(provider.id);
          throw new SocialSignInError('unavailable', `Provider ${provider.id} could not be discovered: ${String(err)}`);
        });
      this.configurations.set(provider.id, found);
    }
    return found;
  }
}

function tokensOf(response: oidc.TokenEndpointResponse): Tokens | null {
  const { access_token: accessToken, id_token: idToken, refresh_token: refreshToken, expires_in: expiresIn } = response;
  if (!accessToken || !idToken || !refreshToken) return null;
  return { accessToken, idToken, refreshToken, expiresIn: expiresIn ?? 3600, tokenType: 'Bearer' };
}

/** What a failed exchange means for the person: a refusal with a code, never a 500. */
function refusal(err: unknown): SocialSignInError {
  if (err instanceof SocialSignInError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    return err.error === 'access_denied'
      ? new SocialSignInError('denied', 'Sign-in was cancelled at the provider')
      : new SocialSignInError('provider_error', `The provider answered ${err.error}`);
  }
  if (err instanceof oidc.ResponseBodyError) return new SocialSignInError('provider_error', `The provider answered ${err.error}`);
  const name = (err as { name?: string; cause?: { code?: string } }).name;
  if (name === 'TimeoutError' || name === 'AbortError' || (err instanceof TypeError && /fetch failed/.test(err.message)))
    return new SocialSignInError('unavailable', 'The provider could not be reached');
  return new SocialSignInError('provider_error', `The provider's answer was refused: ${(err as Error).message}`);
}
