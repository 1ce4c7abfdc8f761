import t from 'tap';
import { Client } from '../helpers/client.js';
import { signInAtProvider, startOidcProvider } from '../helpers/oidc-provider.js';
import { freePort, startTestService } from '../helpers/service.js';

/** The browser's part over real HTTP: start, the provider's pages, the callback; answers the session cookie. */
async function socialSignIn(base: string, login: string): Promise<{ location: string; session: string | null }> {
  const start = await fetch(`${base}/auth/oauth/start?provider=test`, { redirect: 'manual' });
  const pending = start.headers
    .getSetCookie()
    .find((c) => c.startsWith('ps_oauth='))!
    .split(';')[0]!;
  const back = await signInAtProvider(start.headers.get('location')!, login);
  const done = await fetch(back, { redirect: 'manual', headers: { cookie: pending } });
  const session = done.headers.getSetCookie().find((c) => c.startsWith('ps_refresh='));
  return { location: done.headers.get('location')!, session: session ? session.split(';')[0]! : null };
}

t.test('sign in with an OpenID provider over real HTTP: one account per verified email', async (t) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(t, `${base}/auth/oauth/callback`);
  const svc = await startTestService(t, { PORT: String(port), OIDC_PROVIDERS: JSON.stringify([provider.entry()]) });
  t.equal(svc.url, base);

  const viaCookie = async (session: string) => {
    const res = await fetch(`${base}/auth/refresh`, {
      method: 'POST',
      headers: { cookie: session, origin: base, 'content-type': 'application/json' },
      body: '{}',
    });
    t.equal(res.status, 200, 'POST /auth/refresh with the session cookie');
    const client = new Client(base);
    client.accessToken = ((await res.json()) as { accessToken: string }).accessToken;
    return (await client.json('GET', '/me')).body as { userId: string; email: string };
  };

  const first = await socialSignIn(base, 'dana');
  t.equal(first.location, '/');
  t.ok(first.session, 'the session cookie is set');
  const me = await viaCookie(first.session!);
  t.equal(me.email, 'dana@example.com', 'GET /me shows the email the provider verified');

  const again = await socialSignIn(base, 'dana');
  t.equal((await viaCookie(again.session!)).userId, me.userId, 'a second sign-in is the same user');

  const erin = new Client(base);
  const erinId = await erin.signUpAndLogin('erin@example.com');
  const social = await socialSignIn(base, 'erin');
  t.equal((await viaCookie(social.session!)).userId, erinId, 'an account made with a password is linked by its email');
  t.equal(
    (await erin.json('POST', '/auth/login', { email: 'erin@example.com', password: 'correct-horse-9' })).status,
    401,
    'a password nobody proved the address for is cleared: it may have been set by whoever typed the address first',
  );

  const dana = await new Client(base).json('POST', '/auth/login', { email: 'dana@example.com', password: 'anything-9x' });
  t.equal(dana.status, 401, 'an account made by a provider has no password to guess');
});
