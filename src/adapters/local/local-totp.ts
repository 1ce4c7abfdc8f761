import { randomBytes } from 'node:crypto';
import { AppError, badRequest, conflict } from '../../domain/errors.js';
import { verifyPassword } from '../../domain/password-hash.js';
import type { MfaStatus, MultiFactor, SecondFactorProof, TotpEnrolment } from '../../ports/multi-factor.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SecretSealer } from '../../domain/secret-sealer.js';
import { matchingStep, newTotpSecret, totpUri } from './totp-codes.js';

export const RECOVERY_CODE_COUNT = 10;

interface TotpRow {
  sealed_secret: string;
  enabled_at: number | null;
  last_step: number | null;
}

export const invalidMfaCode = () => new AppError(401, 'invalid_mfa_code', 'The code is wrong, expired or already used');

/** `abcde-fghij`: 50 random bits in letters and digits an authenticator user can type; dashes and case ignored. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/**
 * TOTP for local accounts (RFC 6238 through otplib). A code is accepted once: the time step it matched is kept,
 * and a later code must come from a later step. Recovery codes stand in for a code once each.
 */
export class LocalTotp implements MultiFactor {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock = systemClock,
  ) {}

  private row(userId: string): TotpRow | undefined {
    return this.db.prepare('SELECT sealed_secret, enabled_at, last_step FROM user_totp WHERE user_id = ?').get(userId) as
      TotpRow | undefined;
  }

  /** HMAC under the sealing key, per user: 50 random bits each, too few to store as a plain hash. */
  private recoveryHash(userId: string, code: string): string {
    return this.sealer.mac(`${userId}:${code.toLowerCase().replace(/[\s-]/g, '')}`);
  }

  isOn(userId: string): boolean {
    return this.row(userId)?.enabled_at != null;
  }

  async status(userId: string): Promise<MfaStatus> {
    if (!this.isOn(userId)) return { totp: false, recoveryCodesLeft: null };
    const { left } = this.db
      .prepare('SELECT count(*) AS left FROM recovery_codes WHERE user_id = ? AND used_at IS NULL')
      .get(userId) as { left: number };
    return { totp: true, recoveryCodesLeft: left };
  }

  async beginTotp(userId: string): Promise<TotpEnrolment> {
    if (this.isOn(userId)) throw conflict('Multi-factor sign-in is already on; turn it off first', 'mfa_enabled');
    const { email } = this.db.prepare('SELECT email FROM users WHERE user_id = ?').get(userId) as { email: string };
    const secret = newTotpSecret();
    this.db
      .prepare(
        `INSERT INTO user_totp (user_id, sealed_secret) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, last_step = NULL
         WHERE user_totp.enabled_at IS NULL`,
      )
      .run(userId, this.sealer.seal(secret));
    return { secret, otpauthUri: totpUri(secret, email) };
  }

  async confirmTotp(userId: string, _accessToken: string, proof: SecondFactorProof): Promise<{ recoveryCodes: string[] }> {
    const { code } = proof;
    await this.checkPassword(userId, proof.password);
    const row = this.row(userId);
    if (row?.enabled_at != null) throw conflict('Multi-factor sign-in is already on', 'mfa_enabled');
    if (!row) throw conflict('Start with POST /auth/mfa/totp/setup', 'mfa_not_started');
    const now = this.clock.now().getTime();
    const step = await matchingStep(this.sealer.open(row.sealed_secret), code, now, null);
    if (step === null)
      throw badRequest('The code does not match the new secret; check the clock of the device', 'invalid_mfa_code');
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    this.db.transaction(() => {
      const turnedOn = this.db
        .prepare(
          'UPDATE user_totp SET enabled_at = ?, last_step = ? WHERE user_id = ? AND sealed_secret = ? AND enabled_at IS NULL',
        )
        .run(now, step, userId, row.sealed_secret);
      if (turnedOn.changes !== 1) throw conflict('The secret changed meanwhile; start again', 'mfa_not_started');
      this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
      const insert = this.db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
      for (const recoveryCode of recoveryCodes) insert.run(userId, this.recoveryHash(userId, recoveryCode));
    })();
    return { recoveryCodes };
  }

  /** The account's password, where it has one (an account a provider made has none: its token is all there is). */
  private async checkPassword(userId: string, password: string | undefined): Promise<void> {
    const user = this.db.prepare('SELECT password_hash FROM users WHERE user_id = ?').get(userId) as
      { password_hash: string } | undefined;
    if (!user || !user.password_hash.startsWith('scrypt$')) return;
    if (password === undefined) throw badRequest('Send your password with the code', 'password_required');
    if (!(await verifyPassword(password, user.password_hash))) {
      throw new AppError(401, 'invalid_credentials', 'The password is wrong');
    }
  }

  async disableTotp(userId: string, _accessToken: string, proof: SecondFactorProof): Promise<void> {
    if (!this.isOn(userId)) throw conflict('Multi-factor sign-in is not on', 'mfa_not_enabled');
    if (!(await this.check(userId, proof.code))) throw invalidMfaCode();
    this.forget(userId);
  }

  /** Every trace of the user's second factor (TOTP turned off, or the account deleted). */
  forget(userId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
      this.db.prepare('DELETE FROM mfa_challenges WHERE user_id = ?').run(userId);
      this.db.prepare('DELETE FROM user_totp WHERE user_id = ?').run(userId);
    })();
  }

  /**
   * Whether `code` is a current TOTP code not used before, or an unused recovery code; either is spent by a match.
   * Spending is a conditional update, so two requests with the same code cannot both pass.
   */
  async check(userId: string, code: string): Promise<boolean> {
    const row = this.row(userId);
    if (row?.enabled_at == null) return false;
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const step = await matchingStep(this.sealer.open(row.sealed_secret), trimmed, this.clock.now().getTime(), row.last_step);
      if (step === null) return false;
      const spent = this.db
        .prepare('UPDATE user_totp SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)')
        .run(step, userId, step);
      return spent.changes === 1;
    }
    if (trimmed.length > 32) return false;
    const used = this.db
      .prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
      .run(this.clock.now().getTime(), userId, this.recoveryHash(userId, trimmed));
    return used.changes === 1;
  }
}
