import type { RateLimitConfig } from '../config.js';
import type { UsagePlan } from '../http/rate-limits.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The limits, from the configured per-user rate. The per-address ones are for
 * anonymous routes, loose enough for a household or an office behind one
 * address, tight enough to make guessing slow: passwords are further slowed
 * per account (SignInGuard).
 */
export function usagePlan(limits: RateLimitConfig): UsagePlan {
  const perUser = { limit: limits.burst, windowMs: (limits.burst / limits.perSecond) * 1000 };
  return {
    perUser,
    perAddress: {
      // Each sign-up costs a password hash, and accounts are cheap to abuse.
      signup: { limit: 20, windowMs: HOUR },
      login: { limit: 30, windowMs: 10 * MINUTE },
      // Refresh, logout, confirm: a page load each, now and then.
      session: { limit: 60, windowMs: 10 * MINUTE },
      // Public links may be opened by many people behind one address.
      share: { limit: 200, windowMs: 10_000 },
      anonymous: perUser,
    },
    apiKeyDailyQuota: limits.apiKeyDailyQuota,
  };
}
