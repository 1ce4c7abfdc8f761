import { JwtVerifier } from 'aws-jwt-verify';
import { exportJWK, importPKCS8, importSPKI, SignJWT, type JWK } from 'jose';
import { AppError, conflict, unauthorized } from '../../domain/errors.js';
import { hashSecret, newId, newSecret } from '../../domain/ids.js';
import { assertPasswordAcceptable, normaliseEmail } from '../../domain/password-policy.js';
import type { Auth, Principal, SignIn, SignUpResult, Tokens } from '../../ports/auth.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { RsaKeyPair } from './key-files.js';
import { DECOY_HASH_PROMISE, hashPassword, verifyPassword } from '../../domain/password-hash.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { invalidMfaCode, type LocalTotp } from './local-totp.js';

export const LOCAL_AUDIENCE = 'photoshare';

/** How long a spent refresh token is still honoured: a client's retry, two tabs refreshing at once. */
export const REFRESH_REUSE_GRACE_SECONDS = 10;

export interface LocalAuthOptions {
  issuer: string;
  accessTokenSeconds: number;
  /** A sign-in's lifetime: its refresh tokens, however often rotated, all expire this long after it. */
  refreshTokenSeconds: number;
  /** Default REFRESH_REUSE_GRACE_SECONDS; 0 refuses every second use. */
  reuseGraceSeconds?: number;
  /** Refresh-token expiry, spending and revocation (the JWTs themselves carry the system time). */
  clock?: Clock;
  /** Second factors; without it no account is asked for a code. */
  totp?: LocalTotp;
}

/** How long a sign-in waits for its second factor, and how many wrong codes it takes. */
export const MFA_CHALLENGE_SECONDS = 180;
export const MFA_WRONG_CODES_PER_CHALLENGE = 5;

/** Stored for accounts made by a social sign-in: no password matches it, and none is checked against it. */
const NO_PASSWORD = '!';

interface ChallengeRow {
  user_id: string;
  email: string;
  expires_at: number;
}

interface RefreshTokenRow {
  family_id: string;
  user_id: string;
  email: string;
  expires_at: number;
  revoked_at: number | null;
  used_at: number | null;
}

type Rotation = { ok: true; userId: string; email: string; refreshToken: string } | { ok: false };

const wrongCredentials = () => new AppError(401, 'invalid_credentials', 'Email or password is wrong');
const invalidMfaSession = () =>
  new AppError(401, 'invalid_mfa_session', 'This sign-in has expired or was already answered; sign in again');
const invalidRefreshToken = () => new AppError(401, 'invalid_refresh_token', 'Refresh token is not valid; sign in again');

/**
 * The embedded identity provider: users with scrypt hashes in SQLite, RS256
 * tokens shaped like Cognito's (token_use, client_id), verified with
 * aws-jwt-verify exactly as Cognito tokens are.
 *
 * Refresh tokens rotate. A sign-in starts a family; each refresh spends the
 * token presented and issues the family's next one, with the family's expiry
 * (the sign-in's, never extended). A spent token presented again within the
 * grace gets a fresh token of the same family (a retry, or two tabs at once);
 * after it, it revokes the whole family: either the client or a thief holds a
 * copy, and only signing in again tells them apart.
 */
export class LocalAuth implements Auth {
  private readonly verifier;
  private readonly publicJwk: Promise<JWK>;
  private readonly signingKey;
  private readonly clock: Clock;
  private readonly graceMs: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly key: RsaKeyPair,
    private readonly options: LocalAuthOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.graceMs = (options.reuseGraceSeconds ?? REFRESH_REUSE_GRACE_SECONDS) * 1000;
    this.signingKey = importPKCS8(key.privateKeyPem, 'RS256');
    this.publicJwk = importSPKI(key.publicKeyPem, 'RS256', { extractable: true })
      .then(exportJWK)
      .then((jwk) => ({ ...jwk, kid: key.keyId, alg: 'RS256', use: 'sig' }));
    this.verifier = JwtVerifier.create({
      issuer: options.issuer,
      audience: LOCAL_AUDIENCE,
      jwksUri: `${options.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('not an access token');
      },
    });
  }

  private async ready() {
    // The verifier never fetches: our own public key is handed to it.
    this.verifier.cacheJwks({ keys: [(await this.publicJwk) as never] });
  }

  async signUp(email: string, password: string): Promise<SignUpResult> {
    const address = normaliseEmail(email);
    assertPasswordAcceptable(password);
    const userId = newId();
    const passwordHash = await hashPassword(password);
    try {
      this.db
        .prepare('INSERT INTO users (user_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(userId, address, passwordHash, new Date().toISOString());
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw conflict('An account with this email already exists', 'email_taken');
      }
      throw err;
    }
    return { userId, confirmationRequired: false };
  }

  async confirm(): Promise<void> {
    // Local accounts need no confirmation; the route exists for the Cognito flow.
  }

  async login(email: string, password: string): Promise<SignIn> {
    let address: string;
    try {
      address = normaliseEmail(email);
    } catch {
      throw wrongCredentials();
    }
    const user = this.db.prepare('SELECT user_id, password_hash FROM users WHERE email = ?').get(address) as
      { user_id: string; password_hash: string } | undefined;
    // An account without a password is checked against the decoy too: the time taken tells nothing.
    const stored = user && user.password_hash !== NO_PASSWORD ? user.password_hash : await DECOY_HASH_PROMISE;
    const ok = await verifyPassword(password, stored);
    if (!user || user.password_hash === NO_PASSWORD || !ok) throw wrongCredentials();
    return this.signInChecked(user.user_id, address);
  }

  /**
   * Signs in the account with this address, making it (with no password) if there is none: for an identity
   * provider that has verified the address. The second factor is still asked for where the account has one.
   *
   * An account whose address was never proven (local sign-up mails nothing) may have been made by someone who only
   * typed the address: before the provider's verified holder gets in, its password, sign-ins and API keys are
   * cleared, so nothing that stranger set keeps a way in. Its second factor stays and is asked for: a provider
   * never gets past it (a stranger's TOTP would then need the account's owner to ask for help).
   */
  async signInByVerifiedEmail(email: string): Promise<SignIn & { userId: string }> {
    const address = normaliseEmail(email);
    const now = this.clock.now();
    const userId = this.db
      .transaction((): string => {
        this.db
          .prepare(
            `INSERT INTO users (user_id, email, password_hash, created_at, email_proven_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (email) DO NOTHING`,
          )
          .run(newId(), address, NO_PASSWORD, now.toISOString(), now.getTime());
        const row = this.db.prepare('SELECT user_id, email_proven_at FROM users WHERE email = ?').get(address) as {
          user_id: string;
          email_proven_at: number | null;
        };
        if (row.email_proven_at === null) this.clearUnprovenCredentials(row.user_id, now.getTime());
        return row.user_id;
      })
      .immediate();
    return { ...(await this.signInChecked(userId, address)), userId };
  }

  private clearUnprovenCredentials(userId: string, nowMs: number): void {
    this.db.prepare('UPDATE users SET password_hash = ?, email_proven_at = ? WHERE user_id = ?').run(NO_PASSWORD, nowMs, userId);
    this.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(nowMs, userId);
    this.db.prepare('DELETE FROM api_keys WHERE user_id = ?').run(userId);
  }

  /** The first factor is proven: tokens, or a challenge for the second. */
  private async signInChecked(userId: string, address: string): Promise<SignIn> {
    if (!this.options.totp?.isOn(userId)) return { tokens: await this.startSession(userId, address) };
    const session = newSecret();
    this.db
      .prepare('INSERT INTO mfa_challenges (session_hash, user_id, expires_at) VALUES (?, ?, ?)')
      .run(hashSecret(session), userId, this.clock.now().getTime() + MFA_CHALLENGE_SECONDS * 1000);
    return { challenge: { name: 'SOFTWARE_TOKEN_MFA', session } };
  }

  private challenge(session: string): ChallengeRow {
    const row = this.db
      .prepare(
        `SELECT c.user_id, u.email, c.expires_at FROM mfa_challenges c JOIN users u ON u.user_id = c.user_id
         WHERE c.session_hash = ?`,
      )
      .get(hashSecret(session)) as ChallengeRow | undefined;
    if (!row || row.expires_at <= this.clock.now().getTime()) throw invalidMfaSession();
    return row;
  }

  async challengeAccount(session: string): Promise<string> {
    return this.challenge(session).email;
  }

  async answerMfaChallenge(session: string, code: string): Promise<Tokens> {
    const row = this.challenge(session);
    const sessionHash = hashSecret(session);
    if (!(await this.options.totp?.check(row.user_id, code))) {
      this.db.transaction(() => {
        this.db.prepare('UPDATE mfa_challenges SET wrong_codes = wrong_codes + 1 WHERE session_hash = ?').run(sessionHash);
        this.db
          .prepare('DELETE FROM mfa_challenges WHERE session_hash = ? AND wrong_codes >= ?')
          .run(sessionHash, MFA_WRONG_CODES_PER_CHALLENGE);
      })();
      throw invalidMfaCode();
    }
    // Spent by its answer: the same session and another code get nothing more.
    if (this.db.prepare('DELETE FROM mfa_challenges WHERE session_hash = ?').run(sessionHash).changes !== 1) {
      throw invalidMfaSession();
    }
    return this.startSession(row.user_id, row.email);
  }

  /** A new sign-in: a refresh-token family and the first tokens. */
  private async startSession(userId: string, address: string): Promise<Tokens> {
    const refreshToken = newSecret();
    const hash = hashSecret(refreshToken);
    // The first token's hash names the family, as migration 2 named the tokens issued before it.
    this.db
      .prepare('INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)')
      .run(hash, hash, userId, this.clock.now().getTime() + this.options.refreshTokenSeconds * 1000);
    return { ...(await this.issue(userId, address)), refreshToken };
  }

  async refresh(refreshToken: string): Promise<Tokens> {
    const rotation = this.rotate(hashSecret(refreshToken));
    if (!rotation.ok) throw invalidRefreshToken();
    return { ...(await this.issue(rotation.userId, rotation.email)), refreshToken: rotation.refreshToken };
  }

  /**
   * Spends the token and issues its family's next one, in one write transaction (IMMEDIATE: another
   * process sharing the file cannot spend the same token meanwhile). A refusal is returned, not thrown,
   * so that a family revoked for reuse stays revoked.
   */
  private rotate(tokenHash: string): Rotation {
    return this.db
      .transaction((): Rotation => {
        const now = this.clock.now().getTime();
        const row = this.db
          .prepare(
            `SELECT t.family_id, t.user_id, u.email, t.expires_at, t.revoked_at, t.used_at
             FROM refresh_tokens t JOIN users u ON u.user_id = t.user_id WHERE t.token_hash = ?`,
          )
          .get(tokenHash) as RefreshTokenRow | undefined;
        if (!row || row.revoked_at !== null || row.expires_at <= now) return { ok: false };
        if (row.used_at !== null && now - row.used_at > this.graceMs) {
          this.revokeFamily(row.family_id, now);
          return { ok: false };
        }
        const next = newSecret();
        const nextHash = hashSecret(next);
        this.db
          .prepare('INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)')
          .run(nextHash, row.family_id, row.user_id, row.expires_at);
        // A retry within the grace keeps the first spending's time and successor: the grace is not extended.
        this.db
          .prepare('UPDATE refresh_tokens SET used_at = ?, replaced_by = ? WHERE token_hash = ? AND used_at IS NULL')
          .run(now, nextHash, tokenHash);
        return { ok: true, userId: row.user_id, email: row.email, refreshToken: next };
      })
      .immediate();
  }

  private revokeFamily(familyId: string, now: number): void {
    this.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').run(now, familyId);
  }

  async logout(refreshToken: string): Promise<void> {
    const row = this.db.prepare('SELECT family_id FROM refresh_tokens WHERE token_hash = ?').get(hashSecret(refreshToken)) as
      { family_id: string } | undefined;
    if (row) this.revokeFamily(row.family_id, this.clock.now().getTime());
  }

  async verify(accessToken: string): Promise<Principal> {
    await this.ready();
    try {
      const payload = await this.verifier.verify(accessToken);
      return { userId: payload.sub as string, expiresAt: new Date((payload.exp as number) * 1000) };
    } catch {
      throw unauthorized('Access token is not valid');
    }
  }

  async emailOf(userId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT email FROM users WHERE user_id = ?').get(userId) as { email: string } | undefined;
    return row?.email ?? null;
  }

  async jwks(): Promise<{ keys: unknown[] }> {
    return { keys: [await this.publicJwk] };
  }

  private async issue(userId: string, email: string): Promise<Omit<Tokens, 'refreshToken'>> {
    const key = await this.signingKey;
    const seconds = this.options.accessTokenSeconds;
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: this.key.keyId, typ: 'JWT' })
        .setIssuer(this.options.issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(userId)
        .setIssuedAt()
        .setJti(newId())
        .setExpirationTime(`${seconds}s`)
        .sign(key);
    const [accessToken, idToken] = await Promise.all([
      sign({ token_use: 'access', client_id: LOCAL_AUDIENCE, scope: 'photos' }),
      sign({ token_use: 'id', email }),
    ]);
    return { accessToken, idToken, expiresIn: seconds, tokenType: 'Bearer' };
  }
}
