import { generate } from 'otplib';
import t from 'tap';
import { Client } from '../helpers/client.js';
import { startTestService } from '../helpers/service.js';

/**
 * TOTP over real HTTP, as a phone's authenticator app and a person would use it. Time is real here: each code is
 * the one the app shows now, and a code used once is refused, so the second sign-in waits for the next step.
 */
t.test('a user turns TOTP on, must then give a code to sign in, and can use a recovery code', async (t) => {
  const svc = await startTestService(t);
  const pat = new Client(svc.url);
  await pat.signUpAndLogin('pat@example.com');
  const setup = await pat.json('POST', '/auth/mfa/totp/setup');
  t.equal(setup.status, 200);
  const secret: string = setup.body.secret;
  const verified = await pat.json('POST', '/auth/mfa/totp/verify', {
    code: await generate({ secret }),
    password: 'correct-horse-9',
  });
  t.equal(verified.status, 200);
  t.equal(verified.body.recoveryCodes.length, 10);

  const stranger = new Client(svc.url);
  const login = await stranger.json('POST', '/auth/login', { email: 'pat@example.com', password: 'correct-horse-9' });
  t.same(Object.keys(login.body).sort(), ['challenge', 'session'], 'the password alone gets no tokens');
  const noCode = await stranger.json('POST', '/auth/mfa/challenge', { session: login.body.session, code: '000000' });
  t.equal(noCode.status, 401);

  const [recovery] = verified.body.recoveryCodes as string[];
  const viaRecovery = await stranger.json('POST', '/auth/mfa/challenge', { session: login.body.session, code: recovery });
  t.equal(viaRecovery.status, 200, 'a recovery code signs in when the phone is lost');
  stranger.accessToken = viaRecovery.body.accessToken;
  t.equal((await stranger.json('GET', '/me')).body.email, 'pat@example.com');
  t.same((await pat.json('GET', '/auth/mfa')).body, { totp: true, recoveryCodesLeft: 9 });

  const again = await stranger.json('POST', '/auth/login', { email: 'pat@example.com', password: 'correct-horse-9' });
  const reused = await stranger.json('POST', '/auth/mfa/challenge', { session: again.body.session, code: recovery });
  t.equal(reused.status, 401, 'each recovery code works once');
  t.equal(reused.body.error.code, 'invalid_mfa_code');
});
