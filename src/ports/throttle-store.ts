import type { BucketDecision, BucketRule } from '../domain/token-bucket.js';

/** A run of failures under one key (sign-in attempts), forgotten a while after the last one. */
export interface FailureRecord {
  count: number;
  lastAtMs: number;
}

/**
 * Counters for rate limits and usage plans. Every API instance given the same
 * store sees the same counts: in process for the embedded default, a DynamoDB
 * table in aws mode. Each operation is one atomic step, so concurrent requests
 * cannot both take the last token.
 */
export interface ThrottleStore {
  /** Takes one token from the bucket `key` (src/domain/token-bucket.ts). */
  take(key: string, rule: BucketRule, nowMs: number): Promise<BucketDecision>;
  /**
   * Counts one request in the fixed window `key` that ends at `windowEndMs`,
   * unless `limit` were already counted there.
   */
  countInWindow(key: string, limit: number, windowEndMs: number, nowMs: number): Promise<{ allowed: boolean; count: number }>;
  /** Adds a failure; a run is forgotten `forgetAfterMs` after its last failure. */
  recordFailure(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord>;
  /** The run of failures under `key`, or null when there is none or it was forgotten. */
  failures(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord | null>;
  clearFailures(key: string): Promise<void>;
}
