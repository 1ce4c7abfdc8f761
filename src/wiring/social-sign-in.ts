import { OidcSignIn } from '../adapters/oidc/oidc-sign-in.js';
import { isLoopbackHttp, type AwsConfig, type Config } from '../config.js';
import { SocialSignInError } from '../domain/social-sign-in.js';
import type { SocialSignIn } from '../ports/social-sign-in.js';
import type { SignIn } from '../ports/auth.js';

/**
 * Local mode: any OpenID Connect provider from OIDC_PROVIDERS; a verified email signs in to the account with that
 * email, made if there is none.
 */
export function localSocialSignIn(config: Config, signInByVerifiedEmail: (email: string) => Promise<SignIn>): SocialSignIn {
  const providers = config.socialSignIn.kind === 'oidc' ? config.socialSignIn.providers : [];
  return new OidcSignIn(providers, (identity) => signInByVerifiedEmail(identity.email), { allowLoopbackHttp: isLoopbackHttp });
}

/**
 * aws mode: the user pool is the provider (its hosted UI), asked to federate to one of its identity providers
 * (`identity_provider`); its tokens are the client's, as they are.
 */
export function cognitoSocialSignIn(config: Config, cognito: NonNullable<AwsConfig['cognito']>, region: string): SocialSignIn {
  const { providers, clientSecret, issuer } =
    config.socialSignIn.kind === 'cognito' ? config.socialSignIn : { providers: [], clientSecret: null, issuer: null };
  const poolIssuer = issuer ?? `https://cognito-idp.${region}.amazonaws.com/${cognito.userPoolId}`;
  const clientId = cognito.clientId;
  return new OidcSignIn(
    providers.map((name) => ({
      id: name,
      name,
      issuer: poolIssuer,
      clientId,
      clientSecret,
      authorizationParams: { identity_provider: name },
    })),
    async ({ tokens }) => {
      if (!tokens) throw new SocialSignInError('provider_error', 'The user pool answered no refresh token');
      return { tokens };
    },
    { allowLoopbackHttp: isLoopbackHttp },
  );
}
