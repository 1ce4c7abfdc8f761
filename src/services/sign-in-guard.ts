import { AppError, TooManyRequestsError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/password-policy.js';
import type { Clock } from '../ports/clock.js';
import type { ThrottleStore } from '../ports/throttle-store.js';

export interface SignInDelays {
  /** Wrong passwords allowed before any delay. */
  freeFailures: number;
  /** The first delay; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run of failures is forgotten this long after its last one. */
  forgetAfterMs: number;
}

export const DEFAULT_SIGN_IN_DELAYS: SignInDelays = {
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

/**
 * Growing delays after wrong passwords, per account and client address: after
 * a few failures each attempt must wait twice as long as the last (up to 15
 * minutes), which makes guessing slow without locking the account. Counted per
 * address too, so someone guessing from elsewhere cannot keep the owner out;
 * a guesser spread over many addresses meets the per-address limit on each.
 */
export class SignInGuard {
  constructor(
    private readonly store: ThrottleStore,
    private readonly clock: Clock,
    private readonly delays: SignInDelays = DEFAULT_SIGN_IN_DELAYS,
  ) {}

  /** Signs in with `attempt`, unless this account must wait from this address (429 sign_in_delayed). */
  async attempt<T>(email: string, address: string, signIn: () => Promise<T>): Promise<T> {
    return this.guarded(`login:${accountOf(email)}|${address}`, signIn, 'invalid_credentials');
  }

  /** The same delays for wrong second-factor codes, per account and address. */
  async secondFactor<T>(account: string, address: string, answer: () => Promise<T>): Promise<T> {
    return this.guarded(`mfa:${accountOf(account)}|${address}`, answer, 'invalid_mfa_code');
  }

  /**
   * The same delays for any secret keyed as the caller says (a share link's password: `share:<shareId>|<address>`):
   * `attempt` may run unless this key must wait; an AppError with `failureCode` from it counts as a wrong guess.
   */
  async guarded<T>(key: string, attempt: () => Promise<T>, failureCode: string): Promise<T> {
    // One attempt per key at a time in this process: guesses sent in parallel would otherwise all read the count
    // before any of them (each waiting on a slow hash) had added to it.
    const before = this.inFlight.get(key) ?? Promise.resolve();
    const run = before.then(
      () => this.guardedNow(key, attempt, failureCode),
      () => this.guardedNow(key, attempt, failureCode),
    );
    const settled = run.catch(() => undefined);
    this.inFlight.set(key, settled);
    void settled.then(() => {
      if (this.inFlight.get(key) === settled) this.inFlight.delete(key);
    });
    return run;
  }

  private readonly inFlight = new Map<string, Promise<unknown>>();

  private async guardedNow<T>(key: string, attempt: () => Promise<T>, failureCode: string): Promise<T> {
    const signIn = attempt;
    const { forgetAfterMs } = this.delays;
    const now = this.clock.now().getTime();
    const failures = await this.store.failures(key, now, forgetAfterMs);
    const waitMs = failures ? failures.lastAtMs + this.delayAfter(failures.count) - now : 0;
    if (waitMs > 0) {
      throw new TooManyRequestsError(
        'sign_in_delayed',
        `Too many wrong passwords: try again in ${Math.ceil(waitMs / 1000)} s`,
        Math.ceil(waitMs / 1000),
      );
    }
    try {
      const result = await signIn();
      if (failures) await this.store.clearFailures(key);
      return result;
    } catch (err) {
      if (err instanceof AppError && err.code === failureCode) {
        await this.store.recordFailure(key, this.clock.now().getTime(), forgetAfterMs);
      }
      throw err;
    }
  }

  private delayAfter(failures: number): number {
    const { freeFailures, firstDelayMs, maxDelayMs } = this.delays;
    if (failures < freeFailures) return 0;
    return Math.min(firstDelayMs * 2 ** (failures - freeFailures), maxDelayMs);
  }
}

function accountOf(email: string): string {
  try {
    return normaliseEmail(email);
  } catch {
    return email.toLowerCase();
  }
}
