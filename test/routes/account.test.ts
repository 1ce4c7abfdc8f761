import t from 'tap';
import { buildTestApp, injectJson } from '../helpers/app.js';

const PASSWORD = 'correct-horse-9';

async function login(app: Awaited<ReturnType<typeof buildTestApp>>['app'], email: string) {
  const res = await injectJson(app, { method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } });
  return res;
}

t.test('DELETE /me: validation, the password, tokens only', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const ann = await testApp.signIn('ann@example.com');
  const del = (payload: unknown, headers: Record<string, string> = ann.headers) =>
    injectJson(app, { method: 'DELETE', url: '/me', headers, payload: payload as object });

  t.match(await injectJson(app, { method: 'DELETE', url: '/me', payload: { password: PASSWORD } }), { status: 401 }, 'no token');
  t.match(await del({}), { status: 400, body: { error: { code: 'invalid_request' } } }, 'no password');
  t.match(await del({ password: '' }), { status: 400 }, 'an empty password');
  t.match(await del({ password: 'x'.repeat(1025) }), { status: 400 }, 'a password too long');
  t.match(await del({ password: PASSWORD, extra: 1 }), { status: 400 }, 'an unknown field');

  const key = await injectJson(app, {
    method: 'POST',
    url: '/api-keys',
    headers: ann.headers,
    payload: { name: 'all', scopes: ['photos:read', 'photos:write', 'photos:delete', 'shares:read', 'shares:write'] },
  });
  t.match(
    await del({ password: PASSWORD }, { 'x-api-key': key.body.key }),
    { status: 403, body: { error: { code: 'insufficient_scope' } } },
    'an API key, whatever its scopes, cannot delete the account',
  );
  t.match(
    await injectJson(app, { method: 'POST', url: '/auth/logout/everywhere', headers: { 'x-api-key': key.body.key } }),
    { status: 403 },
    'nor sign out everywhere',
  );

  t.match(await del({ password: 'wrong-horse-9' }), { status: 401, body: { error: { code: 'invalid_credentials' } } });
  t.equal((await injectJson(app, { url: '/photos', headers: ann.headers })).status, 200, 'a wrong password deletes nothing');
  t.equal((await login(app, 'ann@example.com')).status, 200, 'and the account still signs in');
});

t.test('wrong passwords are slowed down like sign-ins, per account and address', async (t) => {
  const testApp = await buildTestApp(t, { RATE_LIMITS: 'off' });
  const ann = await testApp.signIn('ann@example.com');
  for (let i = 0; i < 5; i++) {
    const res = await injectJson(testApp.app, {
      method: 'DELETE',
      url: '/me',
      headers: ann.headers,
      payload: { password: `nope-${i}` },
    });
    t.equal(res.status, 401, `wrong password ${i + 1}`);
  }
  const delayed = await injectJson(testApp.app, {
    method: 'DELETE',
    url: '/me',
    headers: ann.headers,
    payload: { password: PASSWORD },
  });
  t.match(delayed, { status: 429, body: { error: { code: 'sign_in_delayed' } } }, 'the right one must wait too');
  testApp.clock.advance(1001);
  const deleted = await injectJson(testApp.app, {
    method: 'DELETE',
    url: '/me',
    headers: ann.headers,
    payload: { password: PASSWORD },
  });
  t.equal(deleted.status, 202, 'after the wait');
});

t.test('DELETE /me: the account stops at once, another is untouched', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const ann = await testApp.signIn('ann@example.com');
  const bob = await testApp.signIn('bob@example.com');
  const annPhoto = await testApp.readyPhoto(ann.userId);
  const bobPhoto = await testApp.readyPhoto(bob.userId);
  const annLogin = await login(app, 'ann@example.com');
  const key = await injectJson(app, {
    method: 'POST',
    url: '/api-keys',
    headers: ann.headers,
    payload: { name: 'reader', scopes: ['photos:read'] },
  });
  const link = await injectJson(app, {
    method: 'POST',
    url: `/photos/${annPhoto.photoId}/share`,
    headers: ann.headers,
    payload: {},
  });
  t.equal(link.status, 201);
  const token = new URL(link.body.url).pathname.split('/').pop()!;

  const deleted = await injectJson(app, { method: 'DELETE', url: '/me', headers: ann.headers, payload: { password: PASSWORD } });
  t.same(deleted, { ...deleted, status: 202, body: { status: 'deleting' } });

  t.match(await injectJson(app, { url: '/photos', headers: ann.headers }), { status: 401 }, 'the access token is refused');
  t.match(await injectJson(app, { url: '/me', headers: ann.headers }), { status: 401 });
  t.match(
    await injectJson(app, { method: 'DELETE', url: '/me', headers: ann.headers, payload: { password: PASSWORD } }),
    { status: 401 },
    'a second DELETE /me with the old token',
  );
  t.match(await injectJson(app, { url: '/photos', headers: { 'x-api-key': key.body.key } }), { status: 401 }, 'the API key too');
  t.match(await login(app, 'ann@example.com'), { status: 401, body: { error: { code: 'invalid_credentials' } } }, 'no sign-in');
  t.match(
    await injectJson(app, { method: 'POST', url: '/auth/refresh', payload: { refreshToken: annLogin.body.refreshToken } }),
    { status: 401 },
    'no refresh',
  );
  t.match(await injectJson(app, { url: `/s/${token}` }), { status: 404 }, 'the share link is gone at once');

  const bobs = await injectJson(app, { url: `/photos/${bobPhoto.photoId}`, headers: bob.headers });
  t.equal(bobs.status, 200, "another user's photo is there");
  t.equal((await injectJson(app, { url: '/photos', headers: bob.headers })).body.items.length, 1);
  t.ok(await testApp.adapters.deletions.get(ann.userId), 'the deletion is recorded for the worker');
  t.equal(await testApp.adapters.deletions.get(bob.userId), null);

  const again = await injectJson(app, {
    method: 'POST',
    url: '/auth/signup',
    payload: { email: 'ann@example.com', password: PASSWORD },
  });
  t.equal(again.status, 201, 'the address can make a new account');
  const fresh = await login(app, 'ann@example.com');
  t.equal(fresh.status, 200);
  const mine = await injectJson(app, { url: '/photos', headers: { authorization: `Bearer ${fresh.body.accessToken}` } });
  t.same(mine.body.items, [], "which sees nothing of the old one's");
});

t.test('POST /auth/logout/everywhere: every sign-in ends', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const ann = await testApp.signIn('ann@example.com');
  await testApp.signIn('bob@example.com');
  const first = await login(app, 'ann@example.com');
  const second = await login(app, 'ann@example.com');
  const bobs = await login(app, 'bob@example.com');
  const rotated = await injectJson(app, {
    method: 'POST',
    url: '/auth/refresh',
    payload: { refreshToken: second.body.refreshToken },
  });
  t.equal(rotated.status, 200);

  t.match(await injectJson(app, { method: 'POST', url: '/auth/logout/everywhere' }), { status: 401 }, 'needs a token');
  const out = await app.inject({ method: 'POST', url: '/auth/logout/everywhere', headers: ann.headers });
  t.equal(out.statusCode, 204);
  for (const [what, refreshToken] of [
    ['the first sign-in', first.body.refreshToken],
    ['the second, rotated', rotated.body.refreshToken],
  ]) {
    const res = await injectJson(app, { method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
    t.match(res, { status: 401, body: { error: { code: 'invalid_refresh_token' } } }, `${what} is refused`);
  }
  const bob = await injectJson(app, { method: 'POST', url: '/auth/refresh', payload: { refreshToken: bobs.body.refreshToken } });
  t.equal(bob.status, 200, "another user's sign-in goes on");
  t.equal((await login(app, 'ann@example.com')).status, 200, 'signing in again works');
});
