import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { REFRESH_REUSE_GRACE_SECONDS } from '../../src/adapters/local/local-auth.js';
import { buildTestApp, injectJson } from '../helpers/app.js';

const GRACE_MS = REFRESH_REUSE_GRACE_SECONDS * 1000;

t.test('the auth routes validate their bodies as they always have', async (t) => {
  const { app } = await buildTestApp(t);
  const signup = (payload: object) => injectJson(app, { method: 'POST', url: '/auth/signup', payload });
  t.equal((await signup({ email: 'a@example.com' })).status, 400, 'a password is required');
  t.equal(
    (await signup({ email: 'a@example.com', password: 'correct-horse-9', admin: true })).status,
    400,
    'unknown fields are refused',
  );
  t.equal((await signup({ email: 'a@example.com', password: 'short' })).body.error.code, 'weak_password');
  t.equal((await signup({ email: 'not an email', password: 'correct-horse-9' })).body.error.code, 'invalid_email');
  const created = await signup({ email: 'a@example.com', password: 'correct-horse-9' });
  t.equal(created.status, 201);
  t.same(Object.keys(created.body).sort(), ['confirmationRequired', 'userId']);
  t.equal(
    (await signup({ email: 'A@example.com', password: 'correct-horse-9' })).status,
    409,
    'one account per address, whatever the case',
  );

  const login = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'a@example.com', password: 'correct-horse-9' },
  });
  t.equal(login.status, 200);
  t.match(login.body, { accessToken: /\./, idToken: /\./, refreshToken: /./, expiresIn: 900, tokenType: 'Bearer' });
  const wrong = await injectJson(app, {
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'a@example.com', password: 'wrong-horse-9' },
  });
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'invalid_credentials');

  const refreshed = await injectJson(app, {
    method: 'POST',
    url: '/auth/refresh',
    payload: { refreshToken: login.body.refreshToken },
  });
  t.equal(refreshed.status, 200);
  t.same(Object.keys(refreshed.body).sort(), ['accessToken', 'expiresIn', 'idToken', 'refreshToken', 'tokenType']);
  t.not(refreshed.body.refreshToken, login.body.refreshToken, 'a refresh answers a new refresh token too');

  // Local accounts need no confirmation; the route still takes what Cognito's clients send, extra fields included.
  const confirm = await app.inject({
    method: 'POST',
    url: '/auth/confirm',
    payload: { email: 'a@example.com', code: '123456', clientMetadata: {} },
  });
  t.equal(confirm.statusCode, 204);
  t.equal(
    (await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: refreshed.body.refreshToken } }))
      .statusCode,
    204,
  );
  t.equal(
    (await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: refreshed.body.refreshToken } }))
      .statusCode,
    401,
    'a logged-out token is refused',
  );
});

const refreshWith = (app: FastifyInstance, refreshToken: string) =>
  injectJson(app, { method: 'POST', url: '/auth/refresh', payload: { refreshToken } });

async function login(app: FastifyInstance, email: string): Promise<string> {
  const res = await injectJson(app, { method: 'POST', url: '/auth/login', payload: { email, password: 'correct-horse-9' } });
  return res.body.refreshToken;
}

t.test('refresh tokens rotate, and a spent one presented again revokes its whole chain', async (t) => {
  const { app, clock, signIn } = await buildTestApp(t);
  await signIn('rota@example.com');
  const photosWith = async (accessToken: string) =>
    (await app.inject({ method: 'GET', url: '/photos', headers: { authorization: `Bearer ${accessToken}` } })).statusCode;

  const first = await login(app, 'rota@example.com');
  const second = await refreshWith(app, first);
  t.equal(second.status, 200);
  t.equal(await photosWith(second.body.accessToken), 200, 'the refreshed access token works');
  const third = await refreshWith(app, second.body.refreshToken);
  t.equal(third.status, 200, 'the new refresh token works');
  t.equal(await photosWith(third.body.accessToken), 200);
  const others = await login(app, 'rota@example.com');

  clock.advance(GRACE_MS + 1);
  const replay = await refreshWith(app, first);
  t.equal(replay.status, 401, 'a spent refresh token is refused');
  t.equal(replay.body.error.code, 'invalid_refresh_token');
  t.equal((await refreshWith(app, third.body.refreshToken)).status, 401, 'and the newest token of its chain is revoked with it');
  t.equal((await refreshWith(app, second.body.refreshToken)).status, 401);
  t.equal((await refreshWith(app, others)).status, 200, "another sign-in's chain is not touched");
});

t.test('a spent refresh token is honoured again only within the short grace, which a retry does not extend', async (t) => {
  const { app, clock, signIn } = await buildTestApp(t);
  await signIn('tabs@example.com');
  const first = await login(app, 'tabs@example.com');
  const tabA = await refreshWith(app, first);
  clock.advance(GRACE_MS / 2);
  const tabB = await refreshWith(app, first);
  t.equal(tabB.status, 200, 'a second tab refreshing with the same token at once is served');
  t.not(tabB.body.refreshToken, tabA.body.refreshToken, 'with a refresh token of its own');
  clock.advance(GRACE_MS / 2 - 1);
  t.equal((await refreshWith(app, first)).status, 200, 'still within the grace, counted from the first use');
  clock.advance(2);
  t.equal((await refreshWith(app, first)).status, 401, 'past it: reuse');
  t.equal((await refreshWith(app, tabA.body.refreshToken)).status, 401, 'every branch of the chain is revoked');
  t.equal((await refreshWith(app, tabB.body.refreshToken)).status, 401);
});

t.test('logout revokes the whole chain, whichever of its tokens it is given', async (t) => {
  const { app, clock, signIn } = await buildTestApp(t);
  await signIn('out@example.com');
  const logout = async (refreshToken: string) =>
    (await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken } })).statusCode;

  const first = await login(app, 'out@example.com');
  const second = (await refreshWith(app, first)).body.refreshToken;
  t.equal(await logout(second), 204);
  t.equal((await refreshWith(app, second)).status, 401, 'the token logged out with');
  t.equal((await refreshWith(app, first)).status, 401, 'its spent predecessor, even within the grace');

  const older = await login(app, 'out@example.com');
  const newer = (await refreshWith(app, older)).body.refreshToken;
  clock.advance(GRACE_MS + 1);
  t.equal(await logout(older), 204, 'a spent token logs out too');
  t.equal((await refreshWith(app, newer)).status, 401, 'its successor is revoked');
  t.equal(await logout('never-issued'), 204, 'an unknown token is not an error');
});

t.test("rotation never extends a sign-in: every token of a chain expires with the sign-in's REFRESH_TOKEN_SECONDS", async (t) => {
  const { app, clock, signIn } = await buildTestApp(t, { REFRESH_TOKEN_SECONDS: '3600' });
  await signIn('ends@example.com');
  const first = await login(app, 'ends@example.com');
  clock.advance(40 * 60_000);
  const second = await refreshWith(app, first);
  t.equal(second.status, 200);
  clock.advance(20 * 60_000 - 1);
  const third = await refreshWith(app, second.body.refreshToken);
  t.equal(third.status, 200, 'a millisecond before the hour is up');
  clock.advance(1);
  const late = await refreshWith(app, third.body.refreshToken);
  t.equal(late.status, 401, 'an hour after sign-in, a token issued a moment ago is expired');
  t.equal(late.body.error.code, 'invalid_refresh_token');
});
