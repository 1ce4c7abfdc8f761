import t from 'tap';
import { generate } from 'otplib';
import { TEST_ORIGIN, buildTestApp, injectJson } from '../helpers/app.js';
import { signInAtProvider, startOidcProvider } from '../helpers/oidc-provider.js';

const CALLBACK = `${TEST_ORIGIN}/auth/oauth/callback`;

/** The value of one cookie a response sets, with its attributes. */
function setCookie(headers: Record<string, unknown>, name: string): string | undefined {
  const all = ([] as string[]).concat((headers['set-cookie'] as string | string[] | undefined) ?? []);
  return all.find((c) => c.startsWith(`${name}=`));
}
const valueOf = (cookie: string | undefined) => cookie?.split(';')[0]!.split('=').slice(1).join('=') ?? '';

t.test('no providers configured: an empty list, and every provider is unknown', async (t) => {
  const { app } = await buildTestApp(t);
  t.same((await injectJson(app, { url: '/auth/oauth/providers' })).body, { providers: [] });
  const unknown = await injectJson(app, { url: '/auth/oauth/start?provider=google' });
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error.code, 'not_found');
  t.equal((await injectJson(app, { url: '/auth/oauth/start?provider=no%20such' })).status, 400, 'not a provider id');
  t.equal((await injectJson(app, { url: '/auth/oauth/start' })).status, 400, 'a provider is required');
});

t.test('start, the provider, the callback: every refusal ends at /?signin_error=…, and a state is used once', async (t) => {
  const provider = await startOidcProvider(t, CALLBACK);
  const { app, clock } = await buildTestApp(t, { OIDC_PROVIDERS: JSON.stringify([provider.entry('test', 'Test ID')]) });

  t.same((await injectJson(app, { url: '/auth/oauth/providers' })).body, { providers: [{ id: 'test', name: 'Test ID' }] });
  t.equal((await app.inject({ url: '/auth/oauth/start?provider=other' })).statusCode, 404, 'an unknown provider');

  const start = async () => {
    const res = await app.inject({ url: '/auth/oauth/start?provider=test' });
    t.equal(res.statusCode, 302);
    const location = new URL(res.headers.location as string);
    return { location, cookie: valueOf(setCookie(res.headers, 'ps_oauth')), setCookie: setCookie(res.headers, 'ps_oauth')! };
  };
  const callback = async (query: string, cookie?: string) => {
    const res = await app.inject({ url: `/auth/oauth/callback?${query}`, ...(cookie && { cookies: { ps_oauth: cookie } }) });
    t.equal(res.statusCode, 303);
    const cleared = setCookie(res.headers, 'ps_oauth');
    t.match(cleared, /^ps_oauth=;.*Expires=Thu, 01 Jan 1970/, 'the sign-in cookie is cleared');
    return { location: res.headers.location as string, refresh: valueOf(setCookie(res.headers, 'ps_refresh')), res };
  };

  const first = await start();
  t.equal(first.location.origin + first.location.pathname, `${provider.issuer}/auth`, "to the provider's authorization endpoint");
  const params = first.location.searchParams;
  t.match(Object.fromEntries(params), {
    client_id: provider.clientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: /^[A-Za-z0-9_-]{43}$/,
    state: /^[A-Za-z0-9_-]{43}$/,
    nonce: /^[A-Za-z0-9_-]{43}$/,
  });
  t.notOk(params.has('client_secret'), 'no secret in the browser');
  t.match(first.setCookie, /Max-Age=600/);
  t.match(first.setCookie, /Path=\/auth\/oauth/);
  t.match(first.setCookie, /HttpOnly/);
  t.match(first.setCookie, /SameSite=Lax/);
  t.notMatch(first.setCookie, /Secure/, 'not Secure over http');
  t.notOk(first.cookie.includes(params.get('state')!), 'the cookie is sealed: it does not show the state');

  const returned = await signInAtProvider(first.location.href, 'alice');
  t.equal(returned.origin + returned.pathname, CALLBACK, 'the provider sends the browser back to the callback');
  t.equal(returned.searchParams.get('state'), params.get('state'));

  const noCookie = await callback(returned.search.slice(1));
  t.equal(noCookie.location, '/?signin_error=expired', 'no cookie: no sign-in in progress here');
  const forged = await callback(returned.search.slice(1), `${first.cookie.slice(0, -4)}AAAA`);
  t.equal(forged.location, '/?signin_error=expired', 'a cookie not sealed by us');
  const wrongState = new URLSearchParams(returned.search);
  wrongState.set('state', 'x'.repeat(43));
  t.equal((await callback(wrongState.toString(), first.cookie)).location, '/?signin_error=invalid_state', 'a state of another');
  const badCode = new URLSearchParams(returned.search);
  badCode.set('code', 'not-a-code');
  t.equal((await callback(badCode.toString(), first.cookie)).location, '/?signin_error=provider_error', 'a bad code');

  // The bad code claimed this sign-in's state (a state is claimed before the exchange): start again.
  const second = await start();
  const back = await signInAtProvider(second.location.href, 'alice');
  const signedIn = await callback(back.search.slice(1), second.cookie);
  t.equal(signedIn.location, '/', 'signed in: to the web app');
  const refreshCookie = setCookie(signedIn.res.headers, 'ps_refresh')!;
  t.match(refreshCookie, /HttpOnly/);
  t.match(refreshCookie, /SameSite=Strict/);
  t.match(refreshCookie, /Path=\/auth/);
  t.match(refreshCookie, /Max-Age=2592000/, "the sign-in's lifetime");
  const tokens = await injectJson(app, {
    method: 'POST',
    url: '/auth/refresh',
    payload: {},
    cookies: { ps_refresh: signedIn.refresh },
    headers: { origin: TEST_ORIGIN },
  });
  t.equal(tokens.status, 200, 'the web app refreshes with the cookie');
  t.notOk('refreshToken' in tokens.body, 'the refresh token stays in the cookie');
  const me = await injectJson(app, { url: '/me', headers: { authorization: `Bearer ${tokens.body.accessToken}` } });
  t.equal(me.body.email, 'alice@example.com');

  const replay = await callback(back.search.slice(1), second.cookie);
  t.equal(replay.location, '/?signin_error=invalid_state', 'the same state again, cookie and all: used once');
  t.equal(replay.refresh, '', 'and no session');

  const denied = await start();
  const deniedQuery = new URLSearchParams({
    error: 'access_denied',
    error_description: 'End-User aborted interaction',
    state: denied.location.searchParams.get('state')!,
    iss: provider.issuer,
  });
  t.equal((await callback(deniedQuery.toString(), denied.cookie)).location, '/?signin_error=denied', 'cancelled at the provider');
  const other = await start();
  const otherError = new URLSearchParams({
    error: 'server_error',
    state: other.location.searchParams.get('state')!,
    iss: provider.issuer,
  });
  t.equal((await callback(otherError.toString(), other.cookie)).location, '/?signin_error=provider_error');

  provider.accounts.set('mallory', { email: 'alice@example.com', emailVerified: false });
  const unverified = await start();
  const fromMallory = await signInAtProvider(unverified.location.href, 'mallory');
  const refused = await callback(fromMallory.search.slice(1), unverified.cookie);
  t.equal(refused.location, '/?signin_error=email_unverified', "an unverified email does not reach alice's account");
  t.equal(refused.refresh, '');

  const slow = await start();
  const late = await signInAtProvider(slow.location.href, 'alice');
  clock.advance(10 * 60 * 1000 + 1);
  t.equal((await callback(late.search.slice(1), slow.cookie)).location, '/?signin_error=expired', 'after ten minutes');

  t.equal(
    (await app.inject({ url: `/auth/oauth/callback?code=${'x'.repeat(3000)}` })).statusCode,
    400,
    'a parameter larger than any provider sends',
  );
});

t.test('Secure cookies when the public URL is https', async (t) => {
  const provider = await startOidcProvider(t, 'https://photos.example/auth/oauth/callback');
  const { app } = await buildTestApp(t, {
    PUBLIC_URL: 'https://photos.example',
    OIDC_PROVIDERS: JSON.stringify([provider.entry()]),
  });
  const res = await app.inject({ url: '/auth/oauth/start?provider=test' });
  t.equal(res.statusCode, 302);
  t.match(setCookie(res.headers, 'ps_oauth'), /; Secure/);
  t.equal(new URL(res.headers.location as string).searchParams.get('redirect_uri'), 'https://photos.example/auth/oauth/callback');
});

t.test('a provider that cannot be reached: back to the web app with a reason, not a 500', async (t) => {
  const { app } = await buildTestApp(t, {
    OIDC_PROVIDERS: JSON.stringify([{ id: 'gone', name: 'Gone', issuer: 'http://127.0.0.1:9', clientId: 'x' }]),
  });
  const res = await app.inject({ url: '/auth/oauth/start?provider=gone' });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/?signin_error=unavailable');
});

t.test('an account with TOTP on: the callback hands the web app the challenge, not a session', async (t) => {
  const provider = await startOidcProvider(t, CALLBACK);
  const { app, clock, signIn } = await buildTestApp(t, { OIDC_PROVIDERS: JSON.stringify([provider.entry()]) });
  const { headers } = await signIn('gina@example.com');
  const setup = await injectJson(app, { method: 'POST', url: '/auth/mfa/totp/setup', headers });
  t.equal(setup.status, 200);
  const code = () => generate({ secret: setup.body.secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  t.equal(
    (
      await injectJson(app, {
        method: 'POST',
        url: '/auth/mfa/totp/verify',
        headers,
        payload: { code: await code(), password: 'correct-horse-9' },
      })
    ).status,
    200,
  );

  const start = await app.inject({ url: '/auth/oauth/start?provider=test' });
  const back = await signInAtProvider(start.headers.location as string, 'gina');
  const res = await app.inject({
    url: `/auth/oauth/callback${back.search}`,
    cookies: { ps_oauth: valueOf(setCookie(start.headers, 'ps_oauth')) },
  });
  t.equal(res.statusCode, 303);
  const location = res.headers.location as string;
  t.match(location, /^\/#mfa=/, 'to the code form');
  t.equal(setCookie(res.headers, 'ps_refresh'), undefined, 'no session yet');
  clock.advance(30_000); // the enrolment's code is spent: the next step's
  const answered = await injectJson(app, {
    method: 'POST',
    url: '/auth/mfa/challenge',
    payload: { session: decodeURIComponent(location.slice('/#mfa='.length)), code: await code() },
  });
  t.equal(answered.status, 200, 'the second factor completes the sign-in');
});
