import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { LocalAuth } from '../../src/adapters/local/local-auth.js';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import type { Auth } from '../../src/ports/auth.js';
import { VerifiedTokenCache } from '../../src/http/verified-token-cache.js';
import { tokensOf } from '../helpers/sign-in.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-cache-'));
const db = openDatabase(dir);
t.teardown(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const local = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
  issuer: 'http://127.0.0.1:9',
  accessTokenSeconds: 300,
  refreshTokenSeconds: 3600,
});
const { userId } = await local.signUp('kim@example.com', 'correct-horse-9');
const tokens = tokensOf(await local.login('kim@example.com', 'correct-horse-9'));

/** The real issuer, with a count of how often it is asked to verify. */
function counted(): { auth: Auth; calls: () => number } {
  let calls = 0;
  const auth = new Proxy(local, {
    get: (target, prop) =>
      prop === 'verify'
        ? (token: string) => {
            calls++;
            return target.verify(token);
          }
        : Reflect.get(target, prop),
  });
  return { auth, calls: () => calls };
}

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (err: unknown) => (err as { status?: number }).status,
  );

t.test('a token that verified is not verified again while it is valid', async (t) => {
  const inner = counted();
  const cache = new VerifiedTokenCache(inner.auth);
  const first = await cache.verify(tokens.accessToken);
  t.equal(first.userId, userId);
  t.same(await cache.verify(tokens.accessToken), first);
  t.equal(inner.calls(), 1);
});

t.test('failures are never remembered', async (t) => {
  const inner = counted();
  const cache = new VerifiedTokenCache(inner.auth);
  const [head, body, signature] = tokens.accessToken.split('.');
  const tampered = `${head}.${body}.${signature!.slice(0, -4)}AAAA`;
  t.equal(await status(cache.verify(tampered)), 401);
  t.equal(await status(cache.verify(tampered)), 401);
  t.equal(await status(cache.verify(tokens.idToken)), 401, 'an id token is still refused');
  t.equal(inner.calls(), 3, 'each bad token went to the issuer');
  t.equal(cache.size, 0);
});

t.test('past its expiry a token goes back to the issuer', async (t) => {
  const inner = counted();
  let now = Date.now();
  const cache = new VerifiedTokenCache(inner.auth, 100, () => now);
  const principal = await cache.verify(tokens.accessToken);
  now = principal.expiresAt.getTime();
  await cache.verify(tokens.accessToken);
  t.equal(inner.calls(), 2, 'at the exp instant the remembered answer is not used');
});

t.test('memory stays bounded', async (t) => {
  const cache = new VerifiedTokenCache(local, 2);
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
    await local.signUp(email, 'correct-horse-9');
    await cache.verify(tokensOf(await local.login(email, 'correct-horse-9')).accessToken);
  }
  t.equal(cache.size, 2);
});
