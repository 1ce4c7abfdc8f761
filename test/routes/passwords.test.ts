import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { buildTestApp, injectJson } from '../helpers/app.js';
import { Mailbox } from '../helpers/mailbox.js';

const PASSWORD = 'correct-horse-9';
const MINUTE = 60_000;

const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) =>
  injectJson(app, { method: 'POST', url, payload, headers });
const forgot = (app: FastifyInstance, email: string) => post(app, '/auth/password/forgot', { email });
const reset = (app: FastifyInstance, email: string, code: string, newPassword = 'new-horse-77') =>
  post(app, '/auth/password/reset', { email, code, newPassword });
const login = (app: FastifyInstance, email: string, password: string) => post(app, '/auth/login', { email, password });

async function setUp(t: Test) {
  const mailbox = new Mailbox();
  const testApp = await buildTestApp(t, {}, undefined, { mailer: mailbox });
  return { ...testApp, mailbox };
}

t.test('the password routes validate their bodies', async (t) => {
  const { app, signIn } = await setUp(t);
  const cases: [string, object, string][] = [
    ['/auth/password/forgot', {}, 'invalid_request'],
    ['/auth/password/forgot', { email: 'a@example.com', extra: 1 }, 'invalid_request'],
    ['/auth/password/forgot', { email: 'not an email' }, 'invalid_email'],
    ['/auth/password/reset', { email: 'a@example.com', code: '12345678' }, 'invalid_request'],
    ['/auth/password/reset', { email: 'a@example.com', code: '', newPassword: 'new-horse-77' }, 'invalid_request'],
    ['/auth/password/reset', { email: 'a@example.com', code: '1'.repeat(65), newPassword: 'new-horse-77' }, 'invalid_request'],
    ['/auth/password/reset', { email: 'a@example.com', code: '12345678', newPassword: 'short' }, 'weak_password'],
    ['/auth/password/reset', { email: 'ab', code: '12345678', newPassword: 'new-horse-77' }, 'invalid_request'],
    ['/auth/password/reset', { email: 'bad', code: '12345678', newPassword: 'new-horse-77' }, 'invalid_email'],
  ];
  for (const [url, body, code] of cases) {
    const res = await post(app, url, body);
    t.equal(res.status, 400, `${url} ${JSON.stringify(body)}`);
    t.equal(res.body.error.code, code);
  }
  const { headers } = await signIn('val@example.com');
  const change = (body: object) => post(app, '/auth/password/change', body, headers);
  t.equal((await change({ currentPassword: PASSWORD })).status, 400, 'a new password is required');
  t.equal((await change({ currentPassword: PASSWORD, newPassword: 'new-horse-77', x: 1 })).status, 400);
  t.equal((await change({ currentPassword: PASSWORD, newPassword: 'alllowercase' })).body.error.code, 'weak_password');
  const big = await app.inject({
    method: 'POST',
    url: '/auth/password/forgot',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: 'a'.repeat(20_000) }),
  });
  t.equal(big.statusCode, 413, 'a body over 16 KB is refused');
});

t.test('forgot answers 202 alike for any address, and mails a code only to an account', async (t) => {
  const { app, signIn, mailbox } = await setUp(t);
  await signIn('fay@example.com');
  const unknown = await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: 'nobody@example.com' } });
  const known = await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: 'FAY@example.com' } });
  t.equal(unknown.statusCode, 202);
  t.equal(known.statusCode, 202);
  t.equal(unknown.body, known.body, 'the same (empty) body');
  const code = await mailbox.code('fay@example.com', 1);
  t.match(code, /^\d{8}$/, 'eight digits');
  t.match(mailbox.messages[0], { to: 'fay@example.com', subject: /password reset code/ });
  t.equal(mailbox.to('nobody@example.com').length, 0, 'nothing is sent where there is no account');
});

t.test('one code a minute and five an hour per address, whether or not it has an account', async (t) => {
  const { app, clock, signIn, mailbox } = await setUp(t);
  await signIn('lim@example.com');
  for (const email of ['lim@example.com', 'ghost@example.com']) {
    t.equal((await forgot(app, email)).status, 202);
    const again = await forgot(app, email);
    t.equal(again.status, 429, `${email}: a second code within the minute`);
    t.equal(again.body.error.code, 'too_many_resets');
    t.ok(Number(again.headers['retry-after']) > 0, 'with Retry-After');
  }
  for (let i = 2; i <= 5; i++) {
    clock.advance(MINUTE);
    t.equal((await forgot(app, 'lim@example.com')).status, 202, `code ${i} after a minute`);
  }
  clock.advance(MINUTE);
  t.equal((await forgot(app, 'lim@example.com')).status, 429, 'the sixth within the hour waits');
  clock.advance(12 * MINUTE);
  t.equal((await forgot(app, 'lim@example.com')).status, 202, 'the hour refills one code every 12 minutes');
  await mailbox.code('lim@example.com', 6);
  t.equal(mailbox.to('lim@example.com').length, 6);
});

t.test('reset: the latest code, once, within the hour; every sign-in ends', async (t) => {
  const { app, clock, signIn, mailbox } = await setUp(t);
  await signIn('ray@example.com');
  const session = await login(app, 'ray@example.com', PASSWORD);
  await forgot(app, 'ray@example.com');
  const first = await mailbox.code('ray@example.com', 1);
  clock.advance(MINUTE);
  await forgot(app, 'ray@example.com');
  const second = await mailbox.code('ray@example.com', 2);

  const stale = await reset(app, 'ray@example.com', first);
  t.equal(stale.status, 400, 'a replaced code is dead');
  t.equal(stale.body.error.code, 'invalid_code');
  t.equal((await reset(app, 'nobody@example.com', second)).body.error.code, 'invalid_code', 'an unknown account: the same');
  t.equal((await reset(app, 'ray@example.com', second, 'weakweakweak')).body.error.code, 'weak_password');
  const done = await reset(app, 'RAY@example.com', second);
  t.equal(done.status, 204);
  t.equal(done.body, null);
  t.equal((await reset(app, 'ray@example.com', second, 'other-horse-77')).body.error.code, 'invalid_code', 'used once');

  t.equal((await login(app, 'ray@example.com', PASSWORD)).status, 401, 'the old password is refused');
  t.equal((await login(app, 'ray@example.com', 'new-horse-77')).status, 200, 'the new one works');
  const refresh = await post(app, '/auth/refresh', { refreshToken: session.body.refreshToken });
  t.equal(refresh.status, 401, 'a refresh token from before the reset is refused');

  clock.advance(MINUTE);
  await forgot(app, 'ray@example.com');
  const late = await mailbox.code('ray@example.com', 3);
  clock.advance(60 * MINUTE);
  t.equal((await reset(app, 'ray@example.com', late)).body.error.code, 'invalid_code', 'an hour later the code has expired');
});

t.test('wrong codes are slowed per account and address, and a code dies after 5 wrong tries', async (t) => {
  const { app, clock, signIn, mailbox } = await setUp(t);
  await signIn('gus@example.com');
  await forgot(app, 'gus@example.com');
  const code = await mailbox.code('gus@example.com', 1);
  const wrong = code === '00000000' ? '00000001' : '00000000';
  for (let i = 1; i <= 5; i++) t.equal((await reset(app, 'gus@example.com', wrong)).body.error.code, 'invalid_code', `try ${i}`);
  const delayed = await reset(app, 'gus@example.com', code);
  t.equal(delayed.status, 429, 'the sixth try waits');
  t.equal(delayed.body.error.code, 'sign_in_delayed');
  clock.advance(1000);
  t.equal((await reset(app, 'gus@example.com', code)).body.error.code, 'invalid_code', 'the right code, too late: it died');
  t.equal((await login(app, 'gus@example.com', PASSWORD)).status, 200, 'the password is unchanged');
});

t.test('change: signed in with an access token, the current password right', async (t) => {
  const { app, signIn, clock } = await setUp(t);
  const { headers } = await signIn('cha@example.com');
  const change = (currentPassword: string, newPassword = 'new-horse-77', h: Record<string, string> = headers) =>
    post(app, '/auth/password/change', { currentPassword, newPassword }, h);

  t.equal((await change(PASSWORD, 'new-horse-77', {})).status, 401, 'anonymous');
  const key = await post(app, '/api-keys', { name: 'script', scopes: ['photos:read', 'photos:write'] }, headers);
  t.equal(key.status, 201);
  const withKey = await change(PASSWORD, 'new-horse-77', { 'x-api-key': key.body.key });
  t.equal(withKey.status, 403, 'an API key cannot change the password');
  t.equal(withKey.body.error.code, 'insufficient_scope');

  const wrong = await change('wrong-horse-9');
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'invalid_credentials');
  t.equal((await change(PASSWORD)).status, 204);
  t.equal((await login(app, 'cha@example.com', PASSWORD)).status, 401, 'the old password is refused');
  t.equal((await login(app, 'cha@example.com', 'new-horse-77')).status, 200, 'the new one works');

  // The success cleared the run: five more wrong ones before any wait.
  for (let i = 1; i <= 5; i++) t.equal((await change('wrong-horse-9')).status, 401);
  t.equal((await change('new-horse-77', 'newer-horse-77')).body.error.code, 'sign_in_delayed', 'guesses are slowed');
  clock.advance(1000);
  t.equal((await change('new-horse-77', 'newer-horse-77')).status, 204, 'after the wait, the right password works');
});

t.test(
  'the first reset proves the address: API keys made before it (perhaps by whoever typed the address) go, TOTP stays',
  async (t) => {
    const mailbox = new Mailbox();
    const testApp = await buildTestApp(t, {}, undefined, { mailer: mailbox });
    const { app } = testApp;
    const { headers } = await testApp.signIn('prove@example.com');
    const key = await injectJson(app, {
      method: 'POST',
      url: '/api-keys',
      headers,
      payload: { name: 'old', scopes: ['photos:read'] },
    });
    t.equal(key.status, 201);
    const reset = async (nth: number, newPassword: string) => {
      t.equal(
        (await injectJson(app, { method: 'POST', url: '/auth/password/forgot', payload: { email: 'prove@example.com' } })).status,
        202,
      );
      const code = await mailbox.code('prove@example.com', nth);
      const done = await injectJson(app, {
        method: 'POST',
        url: '/auth/password/reset',
        payload: { email: 'prove@example.com', code, newPassword },
      });
      t.equal(done.status, 204);
    };
    await reset(1, 'fresh-horse-42');
    t.equal(
      (await injectJson(app, { url: '/me', headers: { 'x-api-key': key.body.key } })).status,
      401,
      'the key made before is gone',
    );

    const login = await injectJson(app, {
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'prove@example.com', password: 'fresh-horse-42' },
    });
    const fresh = { authorization: `Bearer ${login.body.accessToken}` };
    const kept = await injectJson(app, {
      method: 'POST',
      url: '/api-keys',
      headers: fresh,
      payload: { name: 'new', scopes: ['photos:read'] },
    });
    testApp.clock.advance(61_000);
    await reset(2, 'third-horse-33');
    t.equal(
      (await injectJson(app, { url: '/me', headers: { 'x-api-key': kept.body.key } })).status,
      200,
      'once proven, a reset keeps the keys',
    );
  },
);
