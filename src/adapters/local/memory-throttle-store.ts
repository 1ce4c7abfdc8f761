import { takeToken, type BucketDecision, type BucketRule } from '../../domain/token-bucket.js';
import type { FailureRecord, ThrottleStore } from '../../ports/throttle-store.js';

type Entry =
  | { kind: 'bucket'; tatMs: number }
  | { kind: 'window'; count: number; endMs: number }
  | { kind: 'failures'; record: FailureRecord };

/**
 * The embedded default's counters, in this process. Bounded: when full, the
 * entry touched longest ago is dropped first, so a flood of new addresses
 * costs a fixed amount of memory (and at worst forgets an idle bucket).
 */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  async take(key: string, rule: BucketRule, nowMs: number): Promise<BucketDecision> {
    const entry = this.entries.get(`b:${key}`);
    const decision = takeToken(entry?.kind === 'bucket' ? entry.tatMs : null, rule, nowMs);
    if (decision.allowed) this.put(`b:${key}`, { kind: 'bucket', tatMs: decision.tatMs });
    return decision;
  }

  async countInWindow(key: string, limit: number, windowEndMs: number, nowMs: number) {
    if (nowMs >= windowEndMs) return { allowed: false, count: limit };
    const id = `w:${key}`;
    const entry = this.entries.get(id);
    const count = entry?.kind === 'window' && entry.endMs === windowEndMs ? entry.count : 0;
    if (count >= limit) return { allowed: false, count };
    this.put(id, { kind: 'window', count: count + 1, endMs: windowEndMs });
    return { allowed: true, count: count + 1 };
  }

  async recordFailure(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord> {
    const previous = await this.failures(key, nowMs, forgetAfterMs);
    const record = { count: (previous?.count ?? 0) + 1, lastAtMs: nowMs };
    this.put(`f:${key}`, { kind: 'failures', record });
    return record;
  }

  async failures(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord | null> {
    const entry = this.entries.get(`f:${key}`);
    if (entry?.kind !== 'failures' || entry.record.lastAtMs + forgetAfterMs <= nowMs) return null;
    return entry.record;
  }

  async clearFailures(key: string): Promise<void> {
    this.entries.delete(`f:${key}`);
  }

  private put(id: string, entry: Entry): void {
    this.entries.delete(id); // re-inserted last: the Map's order is least recently touched first
    this.entries.set(id, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
