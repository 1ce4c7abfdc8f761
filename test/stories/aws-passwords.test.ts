import t from 'tap';
import { startAwsTestService } from '../helpers/aws-service.js';
import { Client, waitFor } from '../helpers/client.js';

t.test('MODE=aws: password reset and change through Cognito (cognito-local)', async (t) => {
  const svc = await startAwsTestService(t);
  const ada = new Client(svc.url, svc.confirmUser);
  await ada.signUpAndLogin('ada@example.com');
  const anon = new Client(svc.url);
  /** The newest code cognito-local delivered to the address, once there are `count` of them. */
  const codeFor = async (email: string, count: number) => {
    const sent = await waitFor(() => {
      const all = svc.cognitoDeliveries.filter((d) => d.destination === email);
      return all.length >= count && all;
    });
    if (!sent) throw new Error(`no code #${count} for ${email}: ${JSON.stringify(svc.cognitoDeliveries)}`);
    return sent[count - 1]!.code;
  };

  t.test('forgot: 202 for anyone; Cognito sends the code', async (t) => {
    const unknown = await anon.json('POST', '/auth/password/forgot', { email: 'nobody@example.com' });
    t.equal(unknown.status, 202, 'UserNotFoundException is not told');
    const known = await anon.json('POST', '/auth/password/forgot', { email: 'ADA@example.com' });
    t.equal(known.status, 202);
    t.same(known.body, unknown.body);
    t.match(await codeFor('ada@example.com', 1), /^\d{6}$/, "cognito-local's six digits");
    t.notOk(
      svc.cognitoDeliveries.some((d) => d.destination === 'nobody@example.com'),
      'nothing for an unknown address',
    );
    t.equal((await anon.json('POST', '/auth/password/forgot', { email: 'ada@example.com' })).status, 429, 'one a minute');
  });

  t.test('reset: a wrong code is 400 invalid_code; the right one sets the password', async (t) => {
    const code = await codeFor('ada@example.com', 1);
    const wrong = await anon.json('POST', '/auth/password/reset', {
      email: 'ada@example.com',
      code: code === '000000' ? '000001' : '000000',
      newPassword: 'fresh-horse-42',
    });
    t.equal(wrong.status, 400, 'CodeMismatchException');
    t.equal(wrong.body.error.code, 'invalid_code');
    const weak = await anon.json('POST', '/auth/password/reset', { email: 'ada@example.com', code, newPassword: 'weakweak' });
    t.equal(weak.body.error.code, 'weak_password', 'the API refuses it before Cognito sees it');
    const done = await anon.request('POST', '/auth/password/reset', {
      email: 'ada@example.com',
      code,
      newPassword: 'fresh-horse-42',
    });
    t.equal(done.status, 204);
    const again = await anon.json('POST', '/auth/password/reset', {
      email: 'ada@example.com',
      code,
      newPassword: 'other-horse-42',
    });
    t.equal(again.body.error.code, 'invalid_code', 'the code works once');
    const old = await anon.json('POST', '/auth/login', { email: 'ada@example.com', password: 'correct-horse-9' });
    t.equal(old.status, 401, 'the old password is refused');
    const fresh = await anon.json('POST', '/auth/login', { email: 'ada@example.com', password: 'fresh-horse-42' });
    t.equal(fresh.status, 200, 'the new one signs in');
    // What a reset does to sessions is Cognito's doing (ConfirmForgotPassword); cognito-local leaves them as they were.
    const before = await anon.json('POST', '/auth/refresh', { refreshToken: ada.refreshToken });
    t.equal(before.status, 200, 'cognito-local: a refresh token from before the reset still works');
    ada.accessToken = fresh.body.accessToken;
  });

  t.test('change: ChangePassword with the access token', async (t) => {
    const wrong = await ada.json('POST', '/auth/password/change', {
      currentPassword: 'correct-horse-9',
      newPassword: 'third-horse-33',
    });
    t.equal(wrong.status, 401);
    t.equal(wrong.body.error.code, 'invalid_credentials');
    const changed = await ada.request('POST', '/auth/password/change', {
      currentPassword: 'fresh-horse-42',
      newPassword: 'third-horse-33',
    });
    t.equal(changed.status, 204);
    t.equal((await anon.json('POST', '/auth/login', { email: 'ada@example.com', password: 'fresh-horse-42' })).status, 401);
    t.equal((await anon.json('POST', '/auth/login', { email: 'ada@example.com', password: 'third-horse-33' })).status, 200);
  });
});
