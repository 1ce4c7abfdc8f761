import t from 'tap';
import { MAX_API_KEYS_PER_USER, SCOPES, type Scope } from '../../src/domain/api-key.js';
import { buildTestApp, injectJson } from '../helpers/app.js';

async function keyFor(testApp: Awaited<ReturnType<typeof buildTestApp>>, headers: Record<string, string>, body: object) {
  const made = await injectJson(testApp.app, { method: 'POST', url: '/api-keys', headers, payload: body });
  if (made.status !== 201) throw new Error(`POST /api-keys answered ${made.status}: ${JSON.stringify(made.body)}`);
  return made.body as { key: string; keyId: string; expiresAt: string | null };
}

t.test('every route a key may call names its scope, and a key without it gets 403', async (t) => {
  const testApp = await buildTestApp(t, { RATE_LIMITS: 'off' });
  const ann = await testApp.signIn('ann@example.com');
  const photo = await testApp.readyPhoto(ann.userId);
  const doc = (await injectJson(testApp.app, { url: '/openapi.json' })).body as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  };
  const guarded = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.security)
      .map(([method, op]) => ({ method: method.toUpperCase(), path, scope: op.security!.find((s) => s.apiKey)?.apiKey?.[0] })),
  );
  t.ok(guarded.length >= 10, `${guarded.length} routes behind a token`);
  const keyOnly = Object.fromEntries(
    await Promise.all(
      SCOPES.map(async (scope) => [scope, (await keyFor(testApp, ann.headers, { name: scope, scopes: [scope] })).key]),
    ),
  ) as Record<Scope, string>;

  for (const { method, path, scope } of guarded) {
    const url = path.replace('{photoId}', photo.photoId).replace('{shareId}', 'no-such-share').replace('{keyId}', 'no-such-key');
    const payload = method === 'POST' || method === 'PATCH' ? {} : undefined;
    for (const other of SCOPES.filter((s) => s !== scope)) {
      const refused = await injectJson(testApp.app, {
        method: method,
        url,
        headers: { 'x-api-key': keyOnly[other] },
        payload,
      });
      t.match(refused, { status: 403, body: { error: { code: 'insufficient_scope' } } }, `${method} ${path} with ${other}`);
    }
    if (!scope) continue;
    t.ok(SCOPES.includes(scope as Scope), `${method} ${path} needs ${scope}`);
    const allowed = await injectJson(testApp.app, {
      method: method,
      url,
      headers: { 'x-api-key': keyOnly[scope as Scope] },
      payload,
    });
    t.notOk([401, 403].includes(allowed.status), `${method} ${path} with ${scope} gets past authorization (${allowed.status})`);
  }
  t.same(
    guarded
      .filter((r) => !r.scope)
      .map((r) => `${r.method} ${r.path}`)
      .sort(),
    [
      'DELETE /api-keys/{keyId}',
      'DELETE /auth/mfa/totp',
      'DELETE /me',
      'GET /api-keys',
      'GET /auth/mfa',
      'POST /api-keys',
      'POST /auth/logout/everywhere',
      'POST /auth/mfa/totp/setup',
      'POST /auth/mfa/totp/verify',
      'POST /auth/password/change',
    ],
    'only managing keys, the second factor, the password and the account itself take a token alone',
  );
});

t.test('a key with an expiry stops working then; names are cleaned; bad requests are 400', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, clock } = testApp;
  const ann = await testApp.signIn('ann@example.com');
  const made = await keyFor(testApp, ann.headers, { name: '\u202Eevil\u200B key ', scopes: ['photos:read'], expiresInDays: 2 });
  t.equal(made.expiresAt, new Date(clock.now().getTime() + 2 * 86_400_000).toISOString());
  const list = await injectJson(app, { url: '/api-keys', headers: ann.headers });
  t.equal(list.body.items[0].name, 'evil key', 'invisible and bidirectional characters are stripped');

  const withKey = { 'x-api-key': made.key };
  t.equal((await app.inject({ url: '/photos', headers: withKey })).statusCode, 200);
  clock.advance(2 * 86_400_000);
  const expired = await injectJson(app, { url: '/photos', headers: withKey });
  t.match(expired, { status: 401, body: { error: { code: 'invalid_api_key' } } }, 'expired');

  for (const body of [
    { name: 'x', scopes: [] },
    { name: 'x', scopes: ['photos:admin'] },
    { name: 'x', scopes: ['photos:read', 'photos:read'] },
    { name: '', scopes: ['photos:read'] },
    { name: '\u200B', scopes: ['photos:read'] },
    { name: 'x', scopes: ['photos:read'], expiresInDays: 0 },
    { name: 'x', scopes: ['photos:read'], admin: true },
  ]) {
    const refused = await injectJson(app, { method: 'POST', url: '/api-keys', headers: ann.headers, payload: body });
    t.equal(refused.status, 400, JSON.stringify(body));
    t.type(refused.body.error.message, 'string');
  }
  t.equal((await app.inject({ method: 'DELETE', url: '/api-keys/nope', headers: ann.headers })).statusCode, 404);
  t.equal((await app.inject({ url: '/api-keys' })).statusCode, 401, 'no token, no keys');
});

t.test(`a user has at most ${MAX_API_KEYS_PER_USER} keys`, async (t) => {
  const testApp = await buildTestApp(t, { RATE_LIMITS: 'off' });
  const ann = await testApp.signIn('ann@example.com');
  const made = [];
  for (let i = 0; i < MAX_API_KEYS_PER_USER; i++)
    made.push(await keyFor(testApp, ann.headers, { name: `k${i}`, scopes: ['photos:read'] }));
  const over = await injectJson(testApp.app, {
    method: 'POST',
    url: '/api-keys',
    headers: ann.headers,
    payload: { name: 'one more', scopes: ['photos:read'] },
  });
  t.match(over, { status: 409, body: { error: { code: 'too_many_api_keys' } } });
  await testApp.app.inject({ method: 'DELETE', url: `/api-keys/${made[0]!.keyId}`, headers: ann.headers });
  t.equal(
    (await keyFor(testApp, ann.headers, { name: 'one more', scopes: ['photos:read'] })).key.length,
    47,
    'a revoked key frees a place',
  );
});

t.test('RATE_LIMITS=off throttles nothing and sends no RateLimit headers', async (t) => {
  const testApp = await buildTestApp(t, { RATE_LIMITS: 'off' });
  const ann = await testApp.signIn('ann@example.com');
  const answers = await Promise.all(
    Array.from({ length: 150 }, () => testApp.app.inject({ url: '/photos', headers: ann.headers })),
  );
  t.same([...new Set(answers.map((a) => a.statusCode))], [200]);
  t.equal(answers[0]!.headers['ratelimit-limit'], undefined);
});
