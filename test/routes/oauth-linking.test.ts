import t from 'tap';
import { TEST_ORIGIN, buildTestApp, injectJson } from '../helpers/app.js';
import { signInAtProvider, startOidcProvider } from '../helpers/oidc-provider.js';

const CALLBACK = `${TEST_ORIGIN}/auth/oauth/callback`;
const cookieOf = (headers: Record<string, unknown>, name: string) =>
  ([] as string[])
    .concat((headers['set-cookie'] as string | string[] | undefined) ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]!
    .split('=')
    .slice(1)
    .join('=') ?? '';

t.test(
  'a password account nobody proved the address of keeps no way in once its address’s owner signs in with a provider',
  async (t) => {
    const provider = await startOidcProvider(t, CALLBACK);
    const { app } = await buildTestApp(t, { OIDC_PROVIDERS: JSON.stringify([provider.entry('test', 'Test ID')]) });

    // 1. Mallory signs up with Alice's address (local mode mails nothing, confirms nothing) and makes an API key.
    const creds = { email: 'alice@example.com', password: 'mallory-knows-9' };
    const signup = await injectJson(app, { method: 'POST', url: '/auth/signup', payload: creds });
    t.equal(signup.status, 201);
    t.equal(signup.body.confirmationRequired, false, 'no proof of the mailbox was asked for');
    const mLogin = await injectJson(app, { method: 'POST', url: '/auth/login', payload: creds });
    const key = await injectJson(app, {
      method: 'POST',
      url: '/api-keys',
      headers: { authorization: `Bearer ${mLogin.body.accessToken}` },
      payload: { name: 'backdoor', scopes: ['photos:read'] },
    });
    t.equal(key.status, 201);

    // 2. Alice, who never signed up, clicks "Sign in with Test ID" (her address verified by the provider).
    const start = await app.inject({ url: '/auth/oauth/start?provider=test' });
    const back = await signInAtProvider(start.headers.location as string, 'alice');
    const cb = await app.inject({
      url: `/auth/oauth/callback${back.search}`,
      cookies: { ps_oauth: cookieOf(start.headers, 'ps_oauth') },
    });
    t.equal(cb.headers.location, '/', 'Alice is signed in');
    const aliceTokens = await injectJson(app, {
      method: 'POST',
      url: '/auth/refresh',
      payload: {},
      cookies: { ps_refresh: cookieOf(cb.headers, 'ps_refresh') },
      headers: { origin: TEST_ORIGIN },
    });
    const aliceMe = await injectJson(app, { url: '/me', headers: { authorization: `Bearer ${aliceTokens.body.accessToken}` } });

    // 3. Mallory's password, sessions and key no longer open the account Alice now uses.
    const again = await injectJson(app, { method: 'POST', url: '/auth/login', payload: creds });
    t.not(again.status, 200, "Mallory's password must no longer sign in to the account Alice now uses");
    const malloryMe = await injectJson(app, { url: '/me', headers: { authorization: `Bearer ${again.body.accessToken}` } });
    const viaKey = await injectJson(app, { url: '/me', headers: { 'x-api-key': key.body.key } });
    t.not(malloryMe.body.userId, aliceMe.body.userId, "Mallory's session must not be Alice's account");
    t.not(viaKey.body.userId, aliceMe.body.userId, "Mallory's API key must not read Alice's library");
    t.equal(viaKey.status, 401, 'the key is gone');
    const stale = await injectJson(app, {
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: mLogin.body.refreshToken },
    });
    t.equal(stale.status, 401, "Mallory's sign-in is ended");

    // 4. Once the address is proven, a provider's sign-in changes nothing: Alice sets a password by reset and keeps it.
    const again2 = await app.inject({ url: '/auth/oauth/start?provider=test' });
    const back2 = await signInAtProvider(again2.headers.location as string, 'alice');
    const cb2 = await app.inject({
      url: `/auth/oauth/callback${back2.search}`,
      cookies: { ps_oauth: cookieOf(again2.headers, 'ps_oauth') },
    });
    t.equal(cb2.headers.location, '/', 'a second social sign-in');
    t.equal((await injectJson(app, { method: 'POST', url: '/auth/login', payload: creds })).status, 401, 'still no password');
  },
);
