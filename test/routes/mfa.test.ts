import { generate } from 'otplib';
import t from 'tap';
import { REFRESH_REUSE_GRACE_SECONDS } from '../../src/adapters/local/local-auth.js';
import { RECOVERY_CODE_COUNT } from '../../src/adapters/local/local-totp.js';
import { TEST_ORIGIN, buildTestApp, injectJson, type TestApp } from '../helpers/app.js';

const PASSWORD = 'correct-horse-9';

/** A signed-in user with TOTP turned on through the routes; answers its secret and recovery codes. */
async function withTotp(testApp: TestApp, email: string) {
  const { app, clock } = testApp;
  const { userId, headers } = await testApp.signIn(email);
  const setup = await injectJson(app, { method: 'POST', url: '/auth/mfa/totp/setup', headers });
  const secret: string = setup.body.secret;
  const codeNow = () => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  const verified = await injectJson(app, {
    method: 'POST',
    url: '/auth/mfa/totp/verify',
    headers,
    payload: { code: await codeNow(), password: PASSWORD },
  });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  return { userId, headers, secret, codeNow, recoveryCodes: verified.body.recoveryCodes as string[] };
}

t.test('TOTP set-up, sign-in with a code, and turning it off, over the routes', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, clock } = testApp;
  const { headers } = await testApp.signIn('totp@example.com');

  t.equal((await injectJson(app, { method: 'GET', url: '/auth/mfa' })).status, 401, 'signed in only');
  t.same((await injectJson(app, { method: 'GET', url: '/auth/mfa', headers })).body, { totp: false, recoveryCodesLeft: null });
  const setup = await injectJson(app, { method: 'POST', url: '/auth/mfa/totp/setup', headers });
  t.equal(setup.status, 200);
  t.match(setup.body, { secret: /^[A-Z2-7]+$/, otpauthUri: /^otpauth:\/\/totp\/photoshare:totp%40example\.com\?/ });
  const secret: string = setup.body.secret;
  const code = () => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  const verify = (payload: object) => injectJson(app, { method: 'POST', url: '/auth/mfa/totp/verify', headers, payload });
  t.equal((await verify({})).status, 400, 'a code is required');
  t.equal((await verify({ code: '123456', extra: 1 })).status, 400, 'unknown fields are refused');
  t.equal((await verify({ code: 'x'.repeat(33) })).status, 400, 'a code is short');
  t.equal((await verify({ code: '000000', password: PASSWORD })).body.error.code, 'invalid_mfa_code');
  t.equal((await verify({ code: await code() })).body.error.code, 'password_required', 'an access token alone is not enough');
  const wrongPassword = await verify({ code: await code(), password: 'wrong-horse-9' });
  t.equal(wrongPassword.status, 401);
  t.equal(wrongPassword.body.error.code, 'invalid_credentials');
  const on = await verify({ code: await code(), password: PASSWORD });
  t.equal(on.status, 200);
  t.equal(on.body.totp, true);
  t.equal(on.body.recoveryCodes.length, RECOVERY_CODE_COUNT, 'local mode answers the recovery codes once');
  t.same((await injectJson(app, { method: 'GET', url: '/auth/mfa', headers })).body, { totp: true, recoveryCodesLeft: 10 });
  t.equal((await injectJson(app, { method: 'POST', url: '/auth/mfa/totp/setup', headers })).status, 409);

  const login = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'totp@example.com', password: PASSWORD },
  });
  t.equal(login.status, 200);
  t.same(Object.keys(login.body).sort(), ['challenge', 'session'], 'a challenge and no tokens');
  t.equal(login.body.challenge, 'SOFTWARE_TOKEN_MFA');

  const answer = (payload: object) => injectJson(app, { method: 'POST', url: '/auth/mfa/challenge', payload });
  t.equal((await answer({ session: login.body.session })).status, 400, 'a code is required');
  t.equal((await answer({ session: login.body.session, code: '12345' })).status, 400, 'six characters at least');
  t.equal((await answer({ session: 'nope', code: '123456' })).body.error.code, 'invalid_mfa_session');
  const wrong = await answer({ session: login.body.session, code: '000000' });
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'invalid_mfa_code');
  clock.advance(30_000);
  const used = await code();
  const right = await answer({ session: login.body.session, code: used });
  t.equal(right.status, 200);
  t.match(right.body, { accessToken: /\./, refreshToken: /./, tokenType: 'Bearer' });
  const me = await injectJson(app, { url: '/me', headers: { authorization: `Bearer ${right.body.accessToken}` } });
  t.equal(me.body.email, 'totp@example.com', 'the tokens work');

  const again = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'totp@example.com', password: PASSWORD },
  });
  const replay = await answer({ session: again.body.session, code: used });
  t.equal(replay.status, 401, 'a code is accepted once');
  t.equal(replay.body.error.code, 'invalid_mfa_code');

  const remove = (payload: object) => injectJson(app, { method: 'DELETE', url: '/auth/mfa/totp', headers, payload });
  t.equal((await remove({})).status, 400);
  t.equal((await remove({ code: '000000' })).status, 401);
  clock.advance(30_000);
  t.equal((await remove({ code: await code() })).status, 204);
  const plain = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'totp@example.com', password: PASSWORD },
  });
  t.ok(plain.body.accessToken, 'off: the password alone signs in');
  t.equal((await remove({ code: await code() })).status, 409, 'turning it off twice');
});

t.test('wrong codes are slowed per account and address, like wrong passwords', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const { codeNow } = await withTotp(testApp, 'guess@example.com');
  const login = async () =>
    (await injectJson(app, { method: 'POST', url: '/auth/login', payload: { email: 'guess@example.com', password: PASSWORD } }))
      .body.session as string;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const session = await login();
    statuses.push(
      (await injectJson(app, { method: 'POST', url: '/auth/mfa/challenge', payload: { session, code: '000000' } })).status,
    );
  }
  t.same(statuses, [401, 401, 401, 401, 401, 429], 'a fresh session each time does not reset the count');
  testApp.clock.advance(30_000);
  const delayed = await injectJson(app, {
    method: 'POST',
    url: '/auth/mfa/challenge',
    payload: { session: await login(), code: await codeNow() },
  });
  t.equal(delayed.status, 200, 'once the delay has passed, the right code gets in');
});

t.test('API keys cannot touch the second factor', async (t) => {
  const testApp = await buildTestApp(t);
  const { headers } = await testApp.signIn('keys@example.com');
  const made = await injectJson(testApp.app, {
    method: 'POST',
    url: '/api-keys',
    headers,
    payload: { name: 'script', scopes: ['photos:read', 'photos:write', 'shares:write'] },
  });
  t.equal(made.status, 201);
  const key = { 'x-api-key': made.body.key as string };
  for (const [method, url] of [
    ['GET', '/auth/mfa'],
    ['POST', '/auth/mfa/totp/setup'],
  ] as const) {
    const res = await injectJson(testApp.app, { method, url, headers: key });
    t.equal(res.status, 403, `${method} ${url}`);
  }
});

t.test('the web session cookie: HttpOnly, SameSite=Strict, /auth only, same origin only', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, clock } = testApp;
  await testApp.signIn('web@example.com');
  const origin = { origin: TEST_ORIGIN };
  const credentials = { email: 'web@example.com', password: PASSWORD, sessionCookie: true };

  const noOrigin = await injectJson(app, { method: 'POST', url: '/auth/login', payload: credentials });
  t.equal(noOrigin.status, 403, 'a cookie sign-in must say where it comes from');
  t.equal(noOrigin.body.error.code, 'cross_origin');
  const elsewhere = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    headers: { origin: 'https://evil.example' },
    payload: credentials,
  });
  t.equal(elsewhere.status, 403, 'and it must be here');

  const login = await app.inject({ method: 'POST', url: '/auth/login', headers: origin, payload: credentials });
  t.equal(login.statusCode, 200);
  t.notOk('refreshToken' in login.json(), 'the body carries no refresh token');
  t.ok(login.json().accessToken);
  const cookie = login.cookies.find((c) => c.name === 'ps_refresh')!;
  t.match(cookie, { path: '/auth', httpOnly: true, sameSite: 'Strict', maxAge: 30 * 86_400 });
  t.notOk(cookie.secure, 'not Secure over http');
  const jar = (value: string) => ({ cookie: `ps_refresh=${value}` });

  const refresh = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/auth/refresh', headers, payload: {} });
  t.equal((await refresh(jar(cookie.value))).statusCode, 403, 'a cookie refresh without Origin is refused');
  t.equal((await refresh({ ...jar(cookie.value), origin: 'https://evil.example' })).statusCode, 403);
  const sameHost = await refresh({ ...jar(cookie.value), origin: 'http://localhost:80', host: 'localhost:80' });
  t.equal(sameHost.statusCode, 200, 'the origin the browser used (another name for this host) is fine');
  const rotated = sameHost.cookies.find((c) => c.name === 'ps_refresh')!;
  t.not(rotated.value, cookie.value, 'the cookie is rotated');
  t.notOk('refreshToken' in sameHost.json());
  clock.advance(REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
  const spent = await refresh({ ...jar(cookie.value), ...origin });
  t.equal(spent.statusCode, 401, 'the spent one is refused');
  t.equal(spent.cookies.find((c) => c.name === 'ps_refresh')?.value, '', 'and the cookie cleared');
  t.equal((await refresh(origin)).statusCode, 401, 'no cookie, no body: nothing to refresh');

  const second = await app.inject({ method: 'POST', url: '/auth/login', headers: origin, payload: credentials });
  const live = second.cookies.find((c) => c.name === 'ps_refresh')!.value;
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers: jar(live), payload: {} })).statusCode, 403);
  const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { ...jar(live), ...origin }, payload: {} });
  t.equal(out.statusCode, 204);
  t.equal(out.cookies.find((c) => c.name === 'ps_refresh')?.value, '', 'logout clears the cookie');
  t.equal((await refresh({ ...jar(live), ...origin })).statusCode, 401, 'and ends the sign-in');
});

t.test('a cookie sign-in through the second factor', async (t) => {
  const testApp = await buildTestApp(t, { PUBLIC_URL: 'https://photos.example' });
  const { app, clock } = testApp;
  const { codeNow } = await withTotp(testApp, 'both@example.com');
  const origin = { origin: 'https://photos.example' };
  const login = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    headers: origin,
    payload: { email: 'both@example.com', password: PASSWORD, sessionCookie: true },
  });
  t.equal(login.body.challenge, 'SOFTWARE_TOKEN_MFA');
  clock.advance(30_000);
  const payload = { session: login.body.session, code: await codeNow(), sessionCookie: true };
  t.equal((await app.inject({ method: 'POST', url: '/auth/mfa/challenge', payload })).statusCode, 403, 'same origin only');
  const answered = await app.inject({ method: 'POST', url: '/auth/mfa/challenge', headers: origin, payload });
  t.equal(answered.statusCode, 200);
  t.notOk('refreshToken' in answered.json());
  t.match(
    answered.cookies.find((c) => c.name === 'ps_refresh'),
    { secure: true, httpOnly: true, sameSite: 'Strict' },
    'Secure over https',
  );
});

t.test('with MFA on, a fresh code is enough to delete the account (a social account has no password)', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, clock } = testApp;
  const plain = await testApp.signIn('plain@example.com');
  const noMfa = await injectJson(app, { method: 'DELETE', url: '/me', headers: plain.headers, payload: { code: '123456' } });
  t.equal(noMfa.status, 401, 'no code is right for an account without MFA');
  t.equal(noMfa.body.error.code, 'invalid_mfa_code');
  t.equal(
    (
      await injectJson(app, {
        method: 'DELETE',
        url: '/me',
        headers: plain.headers,
        payload: { code: '123456', password: PASSWORD },
      })
    ).status,
    400,
    'one proof or the other, not both',
  );

  const { headers, codeNow } = await withTotp(testApp, 'leaving@example.com');
  const wrong = await injectJson(app, { method: 'DELETE', url: '/me', headers, payload: { code: '000000' } });
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'invalid_mfa_code');
  clock.advance(30_000);
  const gone = await injectJson(app, { method: 'DELETE', url: '/me', headers, payload: { code: await codeNow() } });
  t.equal(gone.status, 202);
  t.equal((await injectJson(app, { url: '/me', headers })).status, 401, 'and its token is refused at once');
});
