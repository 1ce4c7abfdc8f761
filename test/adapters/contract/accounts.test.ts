import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import t, { type Test } from 'tap';
import { CognitoAccounts } from '../../../src/adapters/aws/cognito-accounts.js';
import { CognitoAuth } from '../../../src/adapters/aws/cognito-auth.js';
import { loadOrCreateRsaKey } from '../../../src/adapters/local/key-files.js';
import { LocalAccounts } from '../../../src/adapters/local/local-accounts.js';
import { LocalAuth } from '../../../src/adapters/local/local-auth.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import type { IdentityAccounts, IdentityRemover } from '../../../src/ports/accounts.js';
import type { Auth, SignIn, Tokens } from '../../../src/ports/auth.js';
import { CREDENTIALS, REGION, startCognito } from '../../helpers/emulators.js';
import { statusOfRejection } from '../../helpers/factories.js';
import { ManualClock } from '../../helpers/manual-clock.js';

interface Harness {
  auth: Auth;
  accounts: IdentityAccounts & IdentityRemover;
  confirm(email: string): Promise<void>;
}

const adapters: Record<string, (t: Test) => Promise<Harness>> = {
  'local issuer': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-'));
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
    return { auth, accounts: new LocalAccounts(db, clock), confirm: async () => undefined };
  },
  'Cognito (cognito-local)': async (t) => {
    const cognito = await startCognito(t);
    const auth = new CognitoAuth(cognito.client, {
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      issuerOverride: { issuer: cognito.issuer, jwksUri: cognito.jwksUri },
    });
    const accounts = new CognitoAccounts(cognito.client, { userPoolId: cognito.userPoolId, clientId: cognito.clientId });
    return { auth, accounts, confirm: cognito.confirm };
  },
};

const PASSWORD = 'correct-horse-9';

/** The tokens of a sign-in that asked for no second factor. */
function tokensOf(signIn: SignIn): Tokens {
  if (!('tokens' in signIn)) throw new Error('the sign-in asked for a second factor');
  return signIn.tokens;
}

async function signedIn(h: Harness, email: string) {
  const { userId } = await h.auth.signUp(email, PASSWORD);
  await h.confirm(email);
  return { userId, tokens: tokensOf(await h.auth.login(email, PASSWORD)) };
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`IdentityAccounts contract: ${name}`, async (t) => {
    t.test('reauthenticate: the right password passes, a wrong one is 401 invalid_credentials', async (t) => {
      const h = await make(t);
      const ann = await signedIn(h, 'ann@example.com');
      await h.accounts.reauthenticate(ann.userId, ann.tokens.accessToken, { password: PASSWORD });
      const wrong = await h.accounts.reauthenticate(ann.userId, ann.tokens.accessToken, { password: 'wrong-horse-9' }).then(
        () => null,
        (err: unknown) => err,
      );
      t.match(wrong, { status: 401, code: 'invalid_credentials' });
      t.ok(await h.auth.refresh(ann.tokens.refreshToken), 'checking the password ended no sign-in');
    });

    t.test('deleteIdentity: no sign-in, no refresh; another account untouched', async (t) => {
      const h = await make(t);
      const ann = await signedIn(h, 'ann@example.com');
      const bob = await signedIn(h, 'bob@example.com');
      await h.accounts.deleteIdentity(ann.userId, ann.tokens.accessToken);
      t.equal(await statusOfRejection(h.auth.login('ann@example.com', PASSWORD)), 401);
      t.equal(await statusOfRejection(h.auth.refresh(ann.tokens.refreshToken)), 401);
      t.ok(await h.auth.login('bob@example.com', PASSWORD), 'bob signs in');
      t.ok(await h.auth.refresh(bob.tokens.refreshToken));
      await h.accounts.removeIdentity(ann.userId); // the worker's repeat: already gone, no error
    });

    t.test("removeIdentity: the worker's deletion, by user id", async (t) => {
      const h = await make(t);
      const ann = await signedIn(h, 'ann@example.com');
      await h.accounts.removeIdentity(ann.userId);
      t.equal(await statusOfRejection(h.auth.login('ann@example.com', PASSWORD)), 401);
      await h.accounts.removeIdentity(ann.userId);
    });
  });
}

t.test('signOutEverywhere, local issuer: every refresh-token family of the user is revoked', async (t) => {
  const h = await adapters['local issuer']!(t);
  const ann = await signedIn(h, 'ann@example.com');
  const phone = tokensOf(await h.auth.login('ann@example.com', PASSWORD));
  const bob = await signedIn(h, 'bob@example.com');
  await h.accounts.signOutEverywhere(ann.userId, ann.tokens.accessToken);
  t.equal(await statusOfRejection(h.auth.refresh(ann.tokens.refreshToken)), 401);
  t.equal(await statusOfRejection(h.auth.refresh(phone.refreshToken)), 401);
  t.ok(await h.auth.refresh(bob.tokens.refreshToken), "bob's sign-in goes on");
});

/**
 * cognito-local 5.3 has no GlobalSignOut (node_modules/cognito-local/lib/targets/), so the request is checked against
 * Cognito's documented wire format instead: a POST with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.GlobalSignOut` and the JSON body `{"AccessToken": …}`, answered `{}`; and a
 * NotAuthorizedException (a token Cognito revoked already) is a 401.
 */
t.test('signOutEverywhere, Cognito: GlobalSignOut with the access token, on the wire', async (t) => {
  const requests: { target: string | undefined; body: unknown }[] = [];
  let answer: { status: number; body: object } = { status: 200, body: {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        target: req.headers['x-amz-target'] as string | undefined,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );
  const client = new CognitoIdentityProviderClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: CREDENTIALS,
  });
  t.teardown(() => {
    client.destroy();
  });
  const accounts = new CognitoAccounts(client, { userPoolId: 'us-east-1_pool', clientId: 'client' });

  await accounts.signOutEverywhere('ann', 'the.access.token');
  t.same(requests, [{ target: 'AWSCognitoIdentityProviderService.GlobalSignOut', body: { AccessToken: 'the.access.token' } }]);

  answer = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' } };
  t.equal(await statusOfRejection(accounts.signOutEverywhere('ann', 'the.access.token')), 401, 'a revoked token: sign in again');
});
