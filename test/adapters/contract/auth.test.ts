import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { CognitoAuth } from '../../../src/adapters/aws/cognito-auth.js';
import { loadOrCreateRsaKey } from '../../../src/adapters/local/key-files.js';
import { LocalAuth } from '../../../src/adapters/local/local-auth.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import type { Auth } from '../../../src/ports/auth.js';
import { startCognito } from '../../helpers/emulators.js';

interface Harness {
  auth: Auth;
  /** Whatever confirming an account takes for this provider. */
  confirm(email: string): Promise<void>;
}

const adapters: Record<string, (t: Test) => Promise<Harness>> = {
  'local issuer': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const auth = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
      issuer: 'http://127.0.0.1:9',
      accessTokenSeconds: 300,
      refreshTokenSeconds: 3600,
    });
    return { auth, confirm: async () => undefined };
  },
  'Cognito (cognito-local)': async (t) => {
    const cognito = await startCognito(t);
    const auth = new CognitoAuth(cognito.client, {
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      issuerOverride: { issuer: cognito.issuer, jwksUri: cognito.jwksUri },
    });
    return { auth, confirm: cognito.confirm };
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
    const { auth, confirm } = await make(t);
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
    const tokens = await auth.login('PAT@example.com', password);
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
    t.equal((await auth.verify(refreshed.accessToken)).userId, signUp.userId, 'refreshed tokens work');
    t.equal(await status(auth.refresh('garbage')), '401 invalid_refresh_token');
    await auth.logout(tokens.refreshToken);
    t.equal(await status(auth.refresh(tokens.refreshToken)), '401 invalid_refresh_token', 'logout revokes the refresh token');
    await auth.logout(tokens.refreshToken);
    t.pass('logging out twice is fine');
  });
}
