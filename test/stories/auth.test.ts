import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import t from 'tap';
import { REFRESH_REUSE_GRACE_SECONDS } from '../../src/adapters/local/local-auth.js';
import { Client } from '../helpers/client.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { startTestService } from '../helpers/service.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

t.test('sign-up, login, refresh, logout and token checks', async (t) => {
  const { url } = await startTestService(t, { ACCESS_TOKEN_SECONDS: '30' });
  const anon = new Client(url);

  t.test('sign-up validation', async (t) => {
    const cases: [object, number, string][] = [
      [{ email: 'a@example.com', password: 'short1' }, 400, 'weak_password'],
      [{ email: 'a@example.com', password: 'alllowercaseletters' }, 400, 'weak_password'],
      [{ email: 'not-an-email', password: 'correct-horse-9' }, 400, 'invalid_email'],
      [{ email: 'a@example.com' }, 400, 'invalid_request'],
      [{ email: 'a@example.com', password: 'correct-horse-9', admin: true }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of cases) {
      const res = await anon.json('POST', '/auth/signup', body);
      t.equal(res.status, status, `${JSON.stringify(body)} → ${status}`);
      t.equal(res.body.error.code, code);
    }
    const ok = await anon.json('POST', '/auth/signup', { email: 'Dana@Example.com', password: 'correct-horse-9' });
    t.equal(ok.status, 201);
    t.match(ok.body, { userId: /^[A-Za-z0-9_-]{22}$/, confirmationRequired: false });
    const taken = await anon.json('POST', '/auth/signup', { email: 'dana@example.com ', password: 'another-pass-9' });
    t.equal(taken.status, 409, 'email is case-insensitive and unique');
    t.equal(taken.body.error.code, 'email_taken');
  });

  t.test('login', async (t) => {
    const wrong = await anon.json('POST', '/auth/login', { email: 'dana@example.com', password: 'wrong-horse-9' });
    t.equal(wrong.status, 401);
    const unknown = await anon.json('POST', '/auth/login', { email: 'nobody@example.com', password: 'wrong-horse-9' });
    t.equal(unknown.status, 401);
    t.same(unknown.body, wrong.body, 'unknown email and wrong password look the same');
    const ok = await anon.json('POST', '/auth/login', { email: 'DANA@example.com', password: 'correct-horse-9' });
    t.equal(ok.status, 200);
    t.match(ok.body, { accessToken: String, idToken: String, refreshToken: String, expiresIn: 30, tokenType: 'Bearer' });
    const jwks = await anon.json('GET', '/.well-known/jwks.json');
    t.equal(jwks.body.keys[0].kty, 'RSA');
    t.equal(jwks.body.keys[0].kid, JSON.parse(Buffer.from(ok.body.accessToken.split('.')[0], 'base64url').toString()).kid);
    t.notOk('d' in jwks.body.keys[0], 'no private part published');
  });

  t.test('tokens', async (t) => {
    const dana = new Client(url);
    const login = await dana.json('POST', '/auth/login', { email: 'dana@example.com', password: 'correct-horse-9' });
    const { accessToken, idToken, refreshToken } = login.body;
    const as = (token: string | null) => {
      const c = new Client(url);
      c.accessToken = token;
      return c.json('GET', '/photos');
    };
    t.equal((await as(accessToken)).status, 200, 'a fresh access token works');
    t.equal((await as(null)).status, 401, 'no token');
    t.equal((await as(idToken)).status, 401, 'an id token is not an access token');

    const [h, p, s] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    t.equal((await as(`${h}.${b64({ ...claims, sub: 'someone-else' })}.${s}`)).status, 401, 'tampered payload');
    t.equal((await as(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`)).status, 401, 'alg: none');
    t.equal((await as(`${h}.${p}.${s.slice(0, -4)}AAAA`)).status, 401, 'bad signature');

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const strangerKey = await importPKCS8(stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'RS256');
    const forged = await new SignJWT({ ...claims, iat: undefined, exp: undefined })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(h, 'base64url').toString()).kid })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(strangerKey);
    t.equal((await as(forged)).status, 401, 'signed by another key with our kid');
    const foreignIssuer = await new SignJWT({ ...claims, iss: 'https://evil.example', iat: undefined, exp: undefined })
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(strangerKey);
    t.equal((await as(foreignIssuer)).status, 401, 'wrong issuer');

    const refreshed = await anon.json('POST', '/auth/refresh', { refreshToken });
    t.equal(refreshed.status, 200);
    t.match(refreshed.body.refreshToken, /^[A-Za-z0-9_-]{43}$/, 'refresh mints a new refresh token');
    t.not(refreshed.body.refreshToken, refreshToken);
    t.equal((await as(refreshed.body.accessToken)).status, 200, 'refreshed access token works');
    t.equal((await anon.json('POST', '/auth/refresh', { refreshToken: 'forged' })).status, 401);
    t.equal((await anon.request('POST', '/auth/logout', { refreshToken: refreshed.body.refreshToken })).status, 204);
    const afterLogout = await anon.json('POST', '/auth/refresh', { refreshToken: refreshed.body.refreshToken });
    t.equal(afterLogout.status, 401, 'a revoked refresh token is refused');
    t.equal((await anon.json('POST', '/auth/refresh', { refreshToken })).status, 401, 'and so is the rest of its chain');
  });
});

t.test('an expired access token is refused', async (t) => {
  const { url } = await startTestService(t, { ACCESS_TOKEN_SECONDS: '30' });
  const erin = new Client(url);
  await erin.signUpAndLogin('erin@example.com');
  t.equal((await erin.json('GET', '/photos')).status, 200);
  // aws-jwt-verify allows no clock skew by default: step past the token's exp.
  const realNow = Date.now;
  Date.now = () => realNow() + 31_000;
  t.teardown(() => {
    Date.now = realNow;
  });
  const res = await erin.json('GET', '/photos');
  Date.now = realNow;
  t.equal(res.status, 401);
  t.equal(res.body.error.code, 'unauthorized');
});

t.test('refresh tokens rotate; two tabs refreshing at once are served, a replay ends the sign-in', async (t) => {
  // The service's clock: the reuse grace is jumped over, not waited for.
  const clock = new SteppedClock();
  const { url } = await startTestService(t, {}, { clock });
  const anon = new Client(url);
  const fay = new Client(url);
  await fay.signUpAndLogin('fay@example.com');
  const refresh = (refreshToken: string) => anon.json('POST', '/auth/refresh', { refreshToken });
  const photosWith = (accessToken: string) => {
    const c = new Client(url);
    c.accessToken = accessToken;
    return c.json('GET', '/photos');
  };

  const [tabA, tabB] = await Promise.all([refresh(fay.refreshToken!), refresh(fay.refreshToken!)]);
  t.same([tabA.status, tabB.status], [200, 200], 'the same refresh token sent twice at once: both served');
  t.not(tabA.body.refreshToken, tabB.body.refreshToken, 'each with a refresh token of its own');
  const nextA = await refresh(tabA.body.refreshToken);
  const nextB = await refresh(tabB.body.refreshToken);
  t.same([nextA.status, nextB.status], [200, 200], 'and each goes on working');
  t.equal((await photosWith(nextB.body.accessToken)).status, 200);

  clock.advance(REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
  const replay = await refresh(tabA.body.refreshToken);
  t.equal(replay.status, 401, 'a spent refresh token presented after the grace is refused');
  t.equal(replay.body.error.code, 'invalid_refresh_token');
  t.equal((await refresh(nextA.body.refreshToken)).status, 401, 'and the whole chain is revoked');
  t.equal((await refresh(nextB.body.refreshToken)).status, 401, 'both tabs’ branches of it');
  const again = await anon.json('POST', '/auth/login', { email: 'fay@example.com', password: 'correct-horse-9' });
  t.equal(again.status, 200, 'signing in again starts a new chain');
  t.equal((await refresh(again.body.refreshToken)).status, 200);
});
