/**
 * A token bucket, kept as one number: the generic cell rate algorithm (GCRA).
 * `limit` requests may come at once, and the bucket refills evenly over
 * `windowMs` (one token every windowMs / limit). Instead of a token count and
 * a refill time, a bucket stores its "theoretical arrival time" (TAT): the
 * moment it would be full again. That single number can be updated with one
 * conditional write, which is what lets every API instance share a bucket.
 */
export interface BucketRule {
  /** Requests allowed at once (the burst). */
  limit: number;
  /** Time for an empty bucket to refill completely. */
  windowMs: number;
}

export interface BucketDecision {
  allowed: boolean;
  /** The bucket's new TAT when allowed (to be stored); its unchanged TAT otherwise. */
  tatMs: number;
  /** Requests still allowed right now, after this one. */
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until the next request would be allowed; 0 when this one was. */
  retryAfterMs: number;
}

export const tokenIntervalMs = (rule: BucketRule): number => rule.windowMs / rule.limit;

/** Takes one token from a bucket whose stored TAT is `tatMs` (null: never used, or forgotten). */
export function takeToken(tatMs: number | null, rule: BucketRule, nowMs: number): BucketDecision {
  const interval = tokenIntervalMs(rule);
  const start = Math.max(tatMs ?? nowMs, nowMs);
  const newTat = start + interval;
  const allowAt = newTat - rule.windowMs;
  if (nowMs < allowAt) {
    const stored = tatMs ?? nowMs;
    return { allowed: false, tatMs: stored, remaining: 0, resetMs: stored - nowMs, retryAfterMs: allowAt - nowMs };
  }
  // Rounded to survive float error: 100 requests at once in a 100-token bucket leave exactly 0.
  const remaining = Math.floor(Math.round(((nowMs - allowAt) / interval) * 1e6) / 1e6);
  return { allowed: true, tatMs: newTat, remaining, resetMs: newTat - nowMs, retryAfterMs: 0 };
}
