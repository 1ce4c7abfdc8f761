import { TooManyRequestsError, forbidden } from '../domain/errors.js';
import { assertPasswordAcceptable, normaliseEmail } from '../domain/password-policy.js';
import type { Clock } from '../ports/clock.js';
import type { PasswordRecovery } from '../ports/passwords.js';
import type { ThrottleStore } from '../ports/throttle-store.js';
import type { SignInGuard } from './sign-in-guard.js';

const MINUTE = 60_000;
/** Reset requests being handled in the background at once, in this process; past it, 429. */
const MAX_PENDING_RESETS = 100;

/** Codes mailed to one address: one a minute, and no more than 5 an hour (refilled one per 12 minutes). */
export const RESET_MAILS = [
  { name: 'minute', rule: { limit: 1, windowMs: MINUTE } },
  { name: 'hour', rule: { limit: 5, windowMs: 60 * MINUTE } },
] as const;

export interface PasswordServiceDeps {
  recovery: PasswordRecovery;
  clock: Clock;
  /** The per-address mail limit's counters and the wrong-guess delays; null when rate limits are off. */
  limits: { throttle: ThrottleStore; guard: SignInGuard } | null;
  /** Where a reset that failed in the background is reported. */
  log: { warn: (obj: object, msg: string) => void };
}

/**
 * Forgotten and changed passwords, the same in both modes.
 *
 * `forgot` answers before anything about the account is looked up: the code is requested in the background, so an
 * unknown address and a known one take the same time and give the same answer. The mail limit is per address,
 * whether or not it has an account, so a 429 says nothing about accounts either. Wrong codes and wrong current
 * passwords go through `SignInGuard` (5 free tries per account and client address, then doubling waits).
 */
export class PasswordService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: PasswordServiceDeps) {}

  async forgot(email: string): Promise<void> {
    const address = normaliseEmail(email);
    if (this.inFlight.size >= MAX_PENDING_RESETS) {
      throw new TooManyRequestsError('too_many_resets', 'Too many reset requests at once: try again in a minute', 60);
    }
    if (this.deps.limits) {
      const now = this.deps.clock.now().getTime();
      for (const { name, rule } of RESET_MAILS) {
        const decision = await this.deps.limits.throttle.take(`reset-mail:${name}:${address}`, rule, now);
        if (!decision.allowed) {
          const seconds = Math.ceil(decision.retryAfterMs / 1000);
          throw new TooManyRequestsError('too_many_resets', `A code was sent lately: try again in ${seconds} s`, seconds);
        }
      }
    }
    const request = this.deps.recovery
      .requestReset(address)
      .catch((err: unknown) => {
        this.deps.log.warn({ err }, 'a password-reset code could not be sent');
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  async reset(email: string, code: string, newPassword: string, clientAddress: string): Promise<void> {
    const address = normaliseEmail(email);
    assertPasswordAcceptable(newPassword);
    const attempt = () => this.deps.recovery.reset(address, code, newPassword);
    const guard = this.deps.limits?.guard;
    await (guard ? guard.guarded(`reset:${address}|${clientAddress}`, attempt, 'invalid_code') : attempt());
  }

  /** Needs the caller's access token: an API key cannot change its owner's password. */
  async change(
    caller: { userId: string; accessToken: string | null },
    currentPassword: string,
    newPassword: string,
    clientAddress: string,
  ): Promise<void> {
    const { userId, accessToken } = caller;
    if (!accessToken) throw forbidden('Only a signed-in user can change the password, not an API key', 'token_required');
    assertPasswordAcceptable(newPassword);
    const attempt = () => this.deps.recovery.change(userId, accessToken, currentPassword, newPassword);
    const guard = this.deps.limits?.guard;
    await (guard ? guard.guarded(`change:${userId}|${clientAddress}`, attempt, 'invalid_credentials') : attempt());
  }

  /** Resolves once the codes requested so far have been handed to the mailer (or failed): for a graceful stop. */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
