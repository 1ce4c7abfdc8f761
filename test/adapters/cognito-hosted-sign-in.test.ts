import { randomBytes } from 'node:crypto';
import t from 'tap';
import { MemoryThrottleStore } from '../../src/adapters/local/memory-throttle-store.js';
import type { Config } from '../../src/config.js';
import { SocialSignInService } from '../../src/services/social-sign-in-service.js';
import { cognitoSocialSignIn } from '../../src/wiring/social-sign-in.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { signInAtProvider, startOidcProvider } from '../helpers/oidc-provider.js';

const CALLBACK = 'https://photos.example/auth/oauth/callback';

// cognito-local has no hosted UI, authorization endpoint or token endpoint: a real OpenID provider (oidc-provider)
// plays the user pool's issuer here, as Cognito's own discovery document would describe it.
t.test("aws mode: the pool's hosted UI, told which identity provider to use; its tokens are handed on as they are", async (t) => {
  const provider = await startOidcProvider(t, CALLBACK);
  const config = {
    socialSignIn: { kind: 'cognito', providers: ['Google'], clientSecret: provider.clientSecret, issuer: provider.issuer },
  } as Config;
  const social = cognitoSocialSignIn(
    config,
    { userPoolId: 'us-east-1_pool', clientId: provider.clientId, issuer: null, jwksUri: null },
    'us-east-1',
  );
  const service = new SocialSignInService({
    social,
    throttle: new MemoryThrottleStore(),
    clock: new ManualClock(new Date()),
    key: randomBytes(32),
    redirectUri: CALLBACK,
  });
  t.same(service.providers(), [{ id: 'Google', name: 'Google' }]);
  t.equal(await service.begin('Facebook'), null, 'a provider the pool does not federate to');

  const started = (await service.begin('Google'))!;
  const url = new URL(started.url);
  t.equal(url.searchParams.get('identity_provider'), 'Google', 'the authorization request names the identity provider');
  t.equal(url.searchParams.get('client_id'), provider.clientId, "the pool's app client");
  const back = await signInAtProvider(started.url, 'carol');
  t.equal(provider.authorizationRequests[0]!.get('identity_provider'), 'Google', 'and the provider received it');
  t.equal(provider.authorizationRequests[0]!.get('code_challenge_method'), 'S256');

  const signIn = await service.finish(started.sealed, back.searchParams);
  if (!('tokens' in signIn)) throw new Error('expected tokens');
  const idClaims = JSON.parse(Buffer.from(signIn.tokens.idToken.split('.')[1]!, 'base64url').toString());
  t.match(
    idClaims,
    { iss: provider.issuer, aud: provider.clientId, sub: 'carol', email: 'carol@example.com' },
    "the pool's ID token",
  );
  t.ok(signIn.tokens.refreshToken.length > 20, "the pool's refresh token, for the session cookie");
  t.equal(signIn.tokens.tokenType, 'Bearer');

  await t.rejects(service.finish(started.sealed, back.searchParams), { code: 'invalid_state' }, 'used once');
});

t.test("the default issuer is the pool's, in its region", async (t) => {
  const config = { socialSignIn: { kind: 'cognito', providers: ['Google'], clientSecret: null, issuer: null } } as Config;
  const social = cognitoSocialSignIn(
    config,
    { userPoolId: 'eu-west-1_abc', clientId: 'c', issuer: null, jwksUri: null },
    'eu-west-1',
  );
  t.same(social.providers(), [{ id: 'Google', name: 'Google' }]);
  // Discovery would go to https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc; not reached from a test.
});
