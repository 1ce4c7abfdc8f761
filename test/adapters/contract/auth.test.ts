import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { CognitoAuth } from '../../../src/adapters/aws/cognito-auth.js';
import { loadOrCreateRsaKey } from '../../../src/adapters/local/key-files.js';
import { LocalAuth, REFRESH_REUSE_GRACE_SECONDS } from '../../../src/adapters/local/local-auth.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import type { Auth } from '../../../src/ports/auth.js';
import { startCognito } from '../../helpers/emulators.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { tokensOf } from '../../helpers/sign-in.js';

interface Harness {
  auth: Auth;
  /** Whatever confirming an account takes for this provider. */
  confirm(email: string): Promise<void>;
  /**
   * Moves past the grace in which a spent refresh token is still honoured, where the provider rotates
   * them; null where it does not (cognito-local 5 has no GetTokensFromRefreshToken: see CognitoAuth.refresh).
   */
  passReuseGrace: (() => void) | null;
}

const adapters: Record<string, (t: Test) => Promise<Harness>> = {
  'local issuer': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const clock = new ManualClock(new Date());
    const auth = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
      issuer: 'http://127.0.0.1:9',
      accessTokenSeconds: 300,
      refreshTokenSeconds: 3600,
      clock,
    });
    return {
      auth,
      confirm: async () => undefined,
      passReuseGrace: () => {
        clock.advance(REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
      },
    };
  },
  'Cognito (cognito-local)': async (t) => {
    const cognito = await startCognito(t);
    const auth = new CognitoAuth(cognito.client, {
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      issuerOverride: { issuer: cognito.issuer, jwksUri: cognito.jwksUri },
    });
    return { auth, confirm: cognito.confirm, passReuseGrace: null };
  },
};

const status = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return `${(err as { status?: number }).status} ${(err as { code?: string }).code}`;
  }
};

for (const [name, make] of Object.entries(adapters)) {
  t.test(`Auth contract: ${name}`, async (t) => {
    const { auth, confirm, passReuseGrace } = await make(t);
    const email = 'Pat@Example.com';
    const password = 'correct-horse-9';

    const signUp = await auth.signUp(email, password);
    t.match(signUp.userId, /\S{10,}/, 'a user id');
    await confirm('pat@example.com');
    t.equal(await status(auth.signUp('pat@example.com', 'another-pass-9')), '409 email_taken');
    t.equal(await status(auth.signUp('sam@example.com', 'short')), '400 weak_password');
    t.equal(await status(auth.signUp('not-an-email', password)), '400 invalid_email');

    t.equal(await status(auth.login('pat@example.com', 'wrong-horse-9')), '401 invalid_credentials');
    t.equal(await status(auth.login('nobody@example.com', password)), '401 invalid_credentials');
    const tokens = tokensOf(await auth.login('PAT@example.com', password));
    t.match(tokens, { accessToken: String, idToken: String, refreshToken: String, tokenType: 'Bearer' });
    t.ok(tokens.expiresIn > 0);

    const principal = await auth.verify(tokens.accessToken);
    t.equal(principal.userId, signUp.userId, 'the access token names the user');
    const { exp } = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString()) as { exp: number };
    t.equal(principal.expiresAt.getTime(), exp * 1000, 'and when it expires: the exp claim');
    t.ok(principal.expiresAt.getTime() > Date.now());
    t.equal(await status(auth.verify(tokens.idToken)), '401 unauthorized', 'an id token is refused');
    t.equal(await status(auth.verify('not.a.token')), '401 unauthorized');
    const [h, p, s] = tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${s}`;
    t.equal(await status(auth.verify(forged)), '401 unauthorized', 'a tampered token is refused');

    const refreshed = await auth.refresh(tokens.refreshToken);
    t.match(refreshed, { accessToken: String, idToken: String, refreshToken: String, tokenType: 'Bearer' });
    t.equal((await auth.verify(refreshed.accessToken)).userId, signUp.userId, 'refreshed tokens work');
    const again = await auth.refresh(refreshed.refreshToken);
    t.equal((await auth.verify(again.accessToken)).userId, signUp.userId, 'the refresh token answered works in turn');
    t.equal(await status(auth.refresh('garbage')), '401 invalid_refresh_token');
    if (passReuseGrace) {
      t.not(refreshed.refreshToken, tokens.refreshToken, 'a refresh answers a new refresh token');
      t.not(again.refreshToken, refreshed.refreshToken);
      passReuseGrace();
      t.equal(await status(auth.refresh(tokens.refreshToken)), '401 invalid_refresh_token', 'a spent refresh token is refused');
      t.equal(
        await status(auth.refresh(again.refreshToken)),
        '401 invalid_refresh_token',
        'and presenting it revoked the whole chain, the newest token included',
      );
    } else {
      t.equal(refreshed.refreshToken, tokens.refreshToken, 'no rotation here: the same refresh token comes back');
    }

    const session = tokensOf(await auth.login(email, password));
    const rotated = await auth.refresh(session.refreshToken);
    await auth.logout(rotated.refreshToken);
    t.equal(await status(auth.refresh(rotated.refreshToken)), '401 invalid_refresh_token', 'logout revokes the refresh token');
    t.equal(
      await status(auth.refresh(session.refreshToken)),
      '401 invalid_refresh_token',
      'and every token of its chain, within any reuse grace too',
    );
    await auth.logout(rotated.refreshToken);
    t.pass('logging out twice is fine');
  });
}
