import { JwtVerifier } from 'aws-jwt-verify';
import { createHash } from 'node:crypto';
import { exportJWK, importPKCS8, importSPKI, SignJWT, type JWK } from 'jose';
import { AppError, conflict, unauthorized } from '../../domain/errors.js';
import { newId, newSecret } from '../../domain/ids.js';
import { assertPasswordAcceptable, normaliseEmail } from '../../domain/password-policy.js';
import type { Auth, Principal, RefreshedTokens, SignUpResult, Tokens } from '../../ports/auth.js';
import type { RsaKeyPair } from './key-files.js';
import { DECOY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hash.js';
import type { SqliteDatabase } from './sqlite-database.js';

export const LOCAL_AUDIENCE = 'photoshare';

export interface LocalAuthOptions {
  issuer: string;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const wrongCredentials = () => new AppError(401, 'invalid_credentials', 'Email or password is wrong');

/**
 * The embedded identity provider: users with scrypt hashes in SQLite, RS256
 * tokens shaped like Cognito's (token_use, client_id), verified with
 * aws-jwt-verify exactly as Cognito tokens are.
 */
export class LocalAuth implements Auth {
  private readonly verifier;
  private readonly publicJwk: Promise<JWK>;
  private readonly signingKey;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly key: RsaKeyPair,
    private readonly options: LocalAuthOptions,
  ) {
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

  async login(email: string, password: string): Promise<Tokens> {
    let address: string;
    try {
      address = normaliseEmail(email);
    } catch {
      throw wrongCredentials();
    }
    const user = this.db.prepare('SELECT user_id, password_hash FROM users WHERE email = ?').get(address) as
      { user_id: string; password_hash: string } | undefined;
    const ok = await verifyPassword(password, user?.password_hash ?? (await DECOY_HASH_PROMISE));
    if (!user || !ok) throw wrongCredentials();
    const refreshToken = newSecret();
    this.db
      .prepare('INSERT INTO refresh_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)')
      .run(sha256(refreshToken), user.user_id, Date.now() + this.options.refreshTokenSeconds * 1000);
    return { ...(await this.issue(user.user_id, address)), refreshToken };
  }

  async refresh(refreshToken: string): Promise<RefreshedTokens> {
    const row = this.db
      .prepare(
        `SELECT u.user_id, u.email FROM refresh_tokens t JOIN users u ON u.user_id = t.user_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?`,
      )
      .get(sha256(refreshToken), Date.now()) as { user_id: string; email: string } | undefined;
    if (!row) throw new AppError(401, 'invalid_refresh_token', 'Refresh token is not valid; sign in again');
    return this.issue(row.user_id, row.email);
  }

  async logout(refreshToken: string): Promise<void> {
    this.db
      .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
      .run(Date.now(), sha256(refreshToken));
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

  async jwks(): Promise<{ keys: unknown[] }> {
    return { keys: [await this.publicJwk] };
  }

  private async issue(userId: string, email: string): Promise<RefreshedTokens> {
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
