import t from 'tap';
import { Client } from '../helpers/client.js';
import { Mailbox } from '../helpers/mailbox.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { startTestService } from '../helpers/service.js';

const MINUTE = 60_000;

t.test('local mode: a forgotten password is reset with the mailed code, and changed when signed in', async (t) => {
  const mailbox = new Mailbox();
  const clock = new SteppedClock();
  const { url } = await startTestService(t, {}, { mailer: mailbox, clock });
  const dora = new Client(url);
  await dora.signUpAndLogin('dora@example.com');
  const before = dora.refreshToken!;
  const phone = new Client(url);
  await phone.json('POST', '/auth/login', { email: 'dora@example.com', password: 'correct-horse-9' }).then((res) => {
    phone.refreshToken = res.body.refreshToken;
  });
  const anon = new Client(url);

  t.test('forgot: 202 for anyone; the code goes to the account by mail', async (t) => {
    const unknown = await anon.json('POST', '/auth/password/forgot', { email: 'nobody@example.com' });
    t.equal(unknown.status, 202);
    const known = await anon.json('POST', '/auth/password/forgot', { email: 'Dora@Example.com' });
    t.equal(known.status, 202);
    t.same(known.body, unknown.body, 'the same answer');
    t.match(await mailbox.code('dora@example.com', 1), /^\d{8}$/);
    t.equal(mailbox.to('nobody@example.com').length, 0);
    t.equal((await anon.json('POST', '/auth/password/forgot', { email: 'dora@example.com' })).status, 429, 'one a minute');
  });

  t.test('an expired code is refused; a fresh one resets the password and ends every sign-in', async (t) => {
    clock.advance(60 * MINUTE);
    const expired = await mailbox.code('dora@example.com', 1);
    const refused = await anon.json('POST', '/auth/password/reset', {
      email: 'dora@example.com',
      code: expired,
      newPassword: 'fresh-horse-42',
    });
    t.equal(refused.status, 400, 'an hour on, the code has expired');
    t.equal(refused.body.error.code, 'invalid_code');

    t.equal((await anon.json('POST', '/auth/password/forgot', { email: 'dora@example.com' })).status, 202);
    const code = await mailbox.code('dora@example.com', 2);
    const done = await anon.request('POST', '/auth/password/reset', {
      email: 'dora@example.com',
      code,
      newPassword: 'fresh-horse-42',
    });
    t.equal(done.status, 204);
    const old = await anon.json('POST', '/auth/login', { email: 'dora@example.com', password: 'correct-horse-9' });
    t.equal(old.status, 401, 'the old password is refused');
    const fresh = await anon.json('POST', '/auth/login', { email: 'dora@example.com', password: 'fresh-horse-42' });
    t.equal(fresh.status, 200, 'the new one signs in');
    for (const [who, token] of [
      ['this browser', before],
      ['the phone', phone.refreshToken!],
    ]) {
      const refresh = await anon.json('POST', '/auth/refresh', { refreshToken: token });
      t.equal(refresh.status, 401, `${who}: its refresh token from before the reset is refused`);
    }
    dora.accessToken = fresh.body.accessToken;
    dora.refreshToken = fresh.body.refreshToken;
  });

  t.test('change: the current password, then the new one signs in', async (t) => {
    const wrong = await dora.json('POST', '/auth/password/change', {
      currentPassword: 'correct-horse-9',
      newPassword: 'third-horse-33',
    });
    t.equal(wrong.status, 401);
    t.equal(wrong.body.error.code, 'invalid_credentials');
    const changed = await dora.request('POST', '/auth/password/change', {
      currentPassword: 'fresh-horse-42',
      newPassword: 'third-horse-33',
    });
    t.equal(changed.status, 204);
    t.equal((await anon.json('POST', '/auth/login', { email: 'dora@example.com', password: 'fresh-horse-42' })).status, 401);
    t.equal((await anon.json('POST', '/auth/login', { email: 'dora@example.com', password: 'third-horse-33' })).status, 200);
    t.equal((await dora.json('GET', '/me')).status, 200, 'the session that changed it goes on');
  });
});
