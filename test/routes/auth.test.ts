import t from 'tap';
import { buildTestApp, injectJson } from '../helpers/app.js';

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
  t.notOk('refreshToken' in refreshed.body, 'a refresh answers new access and ID tokens only');

  // Local accounts need no confirmation; the route still takes what Cognito's clients send, extra fields included.
  const confirm = await app.inject({
    method: 'POST',
    url: '/auth/confirm',
    payload: { email: 'a@example.com', code: '123456', clientMetadata: {} },
  });
  t.equal(confirm.statusCode, 204);
  t.equal(
    (await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: login.body.refreshToken } })).statusCode,
    204,
  );
  t.equal(
    (await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: login.body.refreshToken } })).statusCode,
    401,
    'a logged-out token is refused',
  );
});
