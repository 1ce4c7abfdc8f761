import { randomInt } from 'node:crypto';
import { AppError, badRequest } from '../../domain/errors.js';
import { DECOY_HASH_PROMISE, hashPassword, verifyPassword } from '../../domain/password-hash.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { Mailer } from '../../ports/mailer.js';
import type { PasswordRecovery } from '../../ports/passwords.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** A reset code lives this long. */
export const RESET_CODE_SECONDS = 3600;
/** Wrong tries a code takes before it dies. */
export const RESET_CODE_MAX_ATTEMPTS = 5;
/** Digits of a code: 10^8 codes, at most 5 tries each. */
const CODE_DIGITS = 8;

export interface LocalPasswordsOptions {
  clock?: Clock;
  /** Named in the mail. */
  serviceName?: string;
}

const invalidCode = () => badRequest('The code is wrong, used up or expired: ask for a new one', 'invalid_code');
const wrongPassword = () => new AppError(401, 'invalid_credentials', 'The current password is wrong');

/**
 * Password reset and change for the local issuer's accounts (LocalAuth's `users` table, same database).
 *
 * A reset code is 8 random digits, stored as an scrypt hash in `password_resets`, one per account (a new request
 * replaces the old one), for an hour. Each try is counted before its hash is checked, so a code is checked at most
 * 5 times whatever the concurrency. A good code sets the new password, deletes the code and revokes every refresh
 * token of the account in one transaction: every sign-in ends (access tokens still live out their minutes).
 */
export class LocalPasswords implements PasswordRecovery {
  private readonly clock: Clock;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly mailer: Mailer,
    private readonly options: LocalPasswordsOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async requestReset(email: string): Promise<void> {
    const user = this.db.prepare('SELECT user_id FROM users WHERE email = ?').get(email) as { user_id: string } | undefined;
    if (!user) return;
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const codeHash = await hashPassword(code);
    const now = this.clock.now().getTime();
    this.db
      .prepare(
        `INSERT INTO password_resets (user_id, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (user_id) DO UPDATE SET
           code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0, created_at = excluded.created_at`,
      )
      .run(user.user_id, codeHash, now + RESET_CODE_SECONDS * 1000, now);
    const service = this.options.serviceName ?? 'photoshare';
    await this.mailer.send({
      to: email,
      subject: `Your ${service} password reset code`,
      text:
        `Your ${service} password reset code is ${code}\n\n` +
        `It works once, for ${RESET_CODE_SECONDS / 60} minutes. Setting a new password signs you out everywhere.\n` +
        'If you did not ask for it, ignore this message: your password stays as it is.\n',
    });
  }

  async reset(email: string, code: string, newPassword: string): Promise<void> {
    const now = this.clock.now().getTime();
    // The try is counted first (and refused past the 5th or the expiry), then checked.
    const row = this.db
      .prepare(
        `UPDATE password_resets SET attempts = attempts + 1
         WHERE user_id = (SELECT user_id FROM users WHERE email = ?) AND attempts < ? AND expires_at > ?
         RETURNING user_id, code_hash`,
      )
      .get(email, RESET_CODE_MAX_ATTEMPTS, now) as { user_id: string; code_hash: string } | undefined;
    // No live code: the same slow check as for one, so neither an account nor a code shows in the timing.
    const ok = await verifyPassword(code, row?.code_hash ?? (await DECOY_HASH_PROMISE));
    if (!row || !ok) throw invalidCode();
    const passwordHash = await hashPassword(newPassword);
    const done = this.db
      .transaction(() => {
        // Still this code: not replaced by a newer request, nor used by a concurrent reset, meanwhile.
        const used = this.db
          .prepare('DELETE FROM password_resets WHERE user_id = ? AND code_hash = ? AND expires_at > ?')
          .run(row.user_id, row.code_hash, this.clock.now().getTime());
        if (used.changes === 0) return false;
        // The mailed code proves the address. Proven for the first time, the account's API keys may be those of someone
        // who only typed the address at sign-up: they go. The second factor stays: a reset never gets past it.
        const unproven = this.db
          .prepare('UPDATE users SET email_proven_at = ? WHERE user_id = ? AND email_proven_at IS NULL')
          .run(now, row.user_id);
        if (unproven.changes === 1) {
          this.db.prepare('DELETE FROM api_keys WHERE user_id = ?').run(row.user_id);
        }
        this.db.prepare('UPDATE users SET password_hash = ? WHERE user_id = ?').run(passwordHash, row.user_id);
        this.db
          .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
          .run(this.clock.now().getTime(), row.user_id);
        return true;
      })
      .immediate();
    if (!done) throw invalidCode();
  }

  async change(userId: string, _accessToken: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = this.db.prepare('SELECT password_hash FROM users WHERE user_id = ?').get(userId) as
      { password_hash: string } | undefined;
    const ok = await verifyPassword(currentPassword, user?.password_hash ?? (await DECOY_HASH_PROMISE));
    if (!user || !ok) throw wrongPassword();
    const passwordHash = await hashPassword(newPassword);
    // Only if it is still the password just checked: two changes at once cannot both win.
    const changed = this.db
      .prepare('UPDATE users SET password_hash = ? WHERE user_id = ? AND password_hash = ?')
      .run(passwordHash, userId, user.password_hash);
    if (changed.changes === 0) throw wrongPassword();
  }
}
