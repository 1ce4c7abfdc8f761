import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import t, { type Test } from 'tap';
import { CognitoAuth } from '../../../src/adapters/aws/cognito-auth.js';
import { CognitoMultiFactor } from '../../../src/adapters/aws/cognito-multi-factor.js';
import { loadOrCreateRsaKey, loadOrCreateSecret } from '../../../src/adapters/local/key-files.js';
import { LocalAuth, MFA_CHALLENGE_SECONDS } from '../../../src/adapters/local/local-auth.js';
import { LocalTotp, RECOVERY_CODE_COUNT } from '../../../src/adapters/local/local-totp.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import { SecretSealer } from '../../../src/domain/secret-sealer.js';
import type { Auth, SignIn } from '../../../src/ports/auth.js';
import type { MultiFactor } from '../../../src/ports/multi-factor.js';
import { startCognito } from '../../helpers/emulators.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { tokensOf } from '../../helpers/sign-in.js';

interface Harness {
  auth: Auth;
  mfa: MultiFactor;
  confirm(email: string): Promise<void>;
  /** The time the issuer checks codes against. */
  nowMs(): number;
  /** Moves the issuer's time on, where the test controls it (local); null where it does not (cognito-local). */
  advance: ((ms: number) => void) | null;
  /** Whether the issuer keeps recovery codes and refuses a code used before. */
  local: boolean;
}

const adapters: Record<string, (t: Test) => Promise<Harness>> = {
  'local issuer': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const clock = new ManualClock(new Date());
    const totp = new LocalTotp(db, new SecretSealer(loadOrCreateSecret(dir, 'totp')), clock);
    const auth = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
      issuer: 'http://127.0.0.1:9',
      accessTokenSeconds: 300,
      refreshTokenSeconds: 3600,
      clock,
      totp,
    });
    return {
      auth,
      mfa: totp,
      confirm: async () => undefined,
      nowMs: () => clock.now().getTime(),
      advance: (ms) => {
        clock.advance(ms);
      },
      local: true,
    };
  },
  'Cognito (cognito-local)': async (t) => {
    const cognito = await startCognito(t);
    const auth = new CognitoAuth(cognito.client, {
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      issuerOverride: { issuer: cognito.issuer, jwksUri: cognito.jwksUri },
    });
    return {
      auth,
      mfa: new CognitoMultiFactor(cognito.client, cognito.clientId),
      confirm: cognito.confirm,
      nowMs: () => Date.now(),
      advance: null,
      local: false,
    };
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

function challengeOf(signIn: SignIn): string {
  if (!('challenge' in signIn)) throw new Error('expected a challenge, got tokens');
  return signIn.challenge.session;
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`MultiFactor contract: ${name}`, async (t) => {
    const { auth, mfa, confirm, nowMs, advance, local } = await make(t);
    const email = 'mfa@example.com';
    const password = 'correct-horse-9';
    const { userId } = await auth.signUp(email, password);
    await confirm(email);
    const { accessToken } = tokensOf(await auth.login(email, password));
    const codeFor = (secret: string, offsetSteps = 0) =>
      generate({ secret, epoch: Math.floor(nowMs() / 1000) + offsetSteps * 30 });

    t.same(await mfa.status(userId, accessToken), { totp: false, recoveryCodesLeft: null }, 'off to begin with');
    const { secret, otpauthUri } = await mfa.beginTotp(userId, accessToken);
    t.match(secret, /^[A-Z2-7]{16,}$/, 'a base32 secret');
    const uri = new URL(otpauthUri);
    t.equal(uri.protocol, 'otpauth:');
    t.equal(uri.host, 'totp');
    t.equal(uri.searchParams.get('secret'), secret);
    t.equal(uri.searchParams.get('issuer'), 'photoshare');
    t.match(decodeURIComponent(uri.pathname), /mfa@example\.com/, 'the account is named');
    t.notOk('challenge' in (await auth.login(email, password)), 'not in force before it is verified');

    t.equal(
      await status(mfa.confirmTotp(userId, accessToken, { code: '000000', password })),
      local ? '400 invalid_mfa_code' : '400 invalid_mfa_code',
    );
    t.equal(
      await status(mfa.confirmTotp(userId, accessToken, { code: await codeFor(secret) })),
      '400 password_required',
      'a token alone cannot turn TOTP on',
    );
    t.equal(
      await status(mfa.confirmTotp(userId, accessToken, { code: await codeFor(secret), password: 'wrong-horse-9' })),
      '401 invalid_credentials',
    );
    const enabled = await mfa.confirmTotp(userId, accessToken, { code: await codeFor(secret), password });
    if (local) {
      t.equal(enabled.recoveryCodes?.length, RECOVERY_CODE_COUNT, 'ten recovery codes, shown once');
      t.equal(new Set(enabled.recoveryCodes).size, RECOVERY_CODE_COUNT, 'all different');
    } else {
      t.equal(enabled.recoveryCodes, null, 'Cognito keeps no recovery codes');
    }
    t.equal((await mfa.status(userId, accessToken)).totp, true, 'on');
    t.equal(await status(mfa.beginTotp(userId, accessToken)), '409 mfa_enabled', 'a second secret needs TOTP off first');

    // Sign-in now stops at the challenge.
    const session = challengeOf(await auth.login(email, password));
    t.equal(await auth.challengeAccount(session), email, 'the account, for counting wrong codes');
    t.equal(await status(auth.answerMfaChallenge(session, '000000')), '401 invalid_mfa_code', 'a wrong code');
    if (local) advance!(30_000); // the code checked at enrolment was spent: the next step's code
    const code = await codeFor(secret);
    const tokens = await auth.answerMfaChallenge(session, code);
    t.equal((await auth.verify(tokens.accessToken)).userId, userId, 'the right code gives the tokens');
    t.ok(tokens.refreshToken);
    t.equal(await status(auth.challengeAccount('garbage')), '401 invalid_mfa_session');
    t.equal(await status(auth.answerMfaChallenge('garbage', code)), '401 invalid_mfa_session');

    if (local) {
      t.equal(await status(auth.answerMfaChallenge(session, code)), '401 invalid_mfa_session', 'a session is answered once');
      const again = challengeOf(await auth.login(email, password));
      t.equal(await status(auth.answerMfaChallenge(again, code)), '401 invalid_mfa_code', 'a code is accepted once (replay)');
      t.equal(
        await status(auth.answerMfaChallenge(again, await codeFor(secret, -1))),
        '401 invalid_mfa_code',
        'nor an older one once a newer was used',
      );
      advance!(30_000);
      t.equal(
        await status(auth.answerMfaChallenge(again, await codeFor(secret, 1))),
        'ok',
        'one step ahead is allowed for drift',
      );

      const guessed = challengeOf(await auth.login(email, password));
      for (let i = 0; i < 4; i++) await auth.answerMfaChallenge(guessed, '123456').catch(() => undefined);
      t.equal(await status(auth.answerMfaChallenge(guessed, '123456')), '401 invalid_mfa_code', 'the fifth wrong code');
      advance!(60_000);
      t.equal(
        await status(auth.answerMfaChallenge(guessed, await codeFor(secret))),
        '401 invalid_mfa_session',
        'ends the session: a right code after it gets nothing',
      );

      const late = challengeOf(await auth.login(email, password));
      advance!(MFA_CHALLENGE_SECONDS * 1000);
      t.equal(
        await status(auth.answerMfaChallenge(late, await codeFor(secret))),
        '401 invalid_mfa_session',
        'it expires in 3 minutes',
      );

      const [recovery, other] = enabled.recoveryCodes!;
      const viaRecovery = challengeOf(await auth.login(email, password));
      t.equal(
        await status(auth.answerMfaChallenge(viaRecovery, recovery!.toUpperCase().replace('-', ' '))),
        'ok',
        'a recovery code stands in',
      );
      const reused = challengeOf(await auth.login(email, password));
      t.equal(await status(auth.answerMfaChallenge(reused, recovery!)), '401 invalid_mfa_code', 'once');
      t.same(await mfa.status(userId, accessToken), { totp: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
      t.equal(await status(mfa.disableTotp(userId, accessToken, { code: '000000' })), '401 invalid_mfa_code');
      advance!(30_000);
      await mfa.disableTotp(userId, accessToken, { code: other! });
    } else {
      t.equal(
        await status(mfa.disableTotp(userId, accessToken, { code: await codeFor(secret) })),
        '400 password_required',
        'Cognito checks a code only within a sign-in',
      );
      t.equal(await status(mfa.disableTotp(userId, accessToken, { code: '000000', password })), '401 invalid_mfa_code');
      t.equal(
        await status(mfa.disableTotp(userId, accessToken, { code: await codeFor(secret), password: 'wrong-horse-9' })),
        '401 invalid_credentials',
      );
      await mfa.disableTotp(userId, accessToken, { code: await codeFor(secret), password });
    }
    t.same(await mfa.status(userId, accessToken), { totp: false, recoveryCodesLeft: null }, 'off again');
    t.equal(await status(mfa.disableTotp(userId, accessToken, { code: '000000', password })), '409 mfa_not_enabled');
    t.ok(tokensOf(await auth.login(email, password)).accessToken, 'and sign-in needs the password alone');
  });
}
