import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { JobQueue, ProcessPhotoJob, ReceivedJob } from '../../ports/job-queue.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface SqliteJobQueueOptions {
  visibilitySeconds: number;
  maxAttempts: number;
  /** Base of the exponential backoff between attempts. */
  retryBaseMs?: number;
  /** How often an idle receive looks again when no enqueue woke it. */
  pollMs?: number;
  /** What visibility, backoff and extension times are measured on (visible_at, stats); tests pass a ManualClock. */
  clock?: Clock;
}

interface JobRow {
  job_id: number;
  payload: string;
  attempts: number;
}

/**
 * A durable queue in the service's SQLite file, with SQS's semantics: a
 * received job is hidden for the visibility timeout and comes back if it is not
 * acknowledged; failures back off exponentially; after the last attempt the
 * job is dead-lettered (kept, with its last error, for inspection).
 */
export class SqliteJobQueue implements JobQueue {
  private readonly events = new EventEmitter();
  private readonly retryBaseMs: number;
  private readonly pollMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteJobQueueOptions,
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.pollMs = options.pollMs ?? 500;
    this.clock = options.clock ?? systemClock;
    this.events.setMaxListeners(0);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Adds a job; callable inside a caller's transaction so the job commits with their write. */
  enqueue(job: ProcessPhotoJob): void {
    const now = this.now();
    this.db.prepare('INSERT INTO jobs (payload, visible_at, created_at) VALUES (?, ?, ?)').run(JSON.stringify(job), now, now);
    // Consumers in this process wake at once; others find it on their next poll.
    queueMicrotask(() => this.events.emit('enqueued'));
  }

  async send(job: ProcessPhotoJob): Promise<void> {
    this.enqueue(job);
  }

  private readonly claim = (now: number): ReceivedJob | null => {
    const row = this.db
      .prepare(
        'SELECT job_id, payload, attempts FROM jobs WHERE dead_at IS NULL AND visible_at <= ? ORDER BY visible_at, job_id LIMIT 1',
      )
      .get(now) as JobRow | undefined;
    if (!row) return null;
    const receipt = `${row.job_id}.${randomBytes(9).toString('base64url')}`;
    this.db
      .prepare('UPDATE jobs SET attempts = attempts + 1, visible_at = ?, receipt = ? WHERE job_id = ?')
      .run(now + this.options.visibilitySeconds * 1000, receipt, row.job_id);
    return { receipt, job: JSON.parse(row.payload) as ProcessPhotoJob, attempt: row.attempts + 1 };
  };

  async receive(waitMs: number): Promise<ReceivedJob | null> {
    // How long to wait is a duration (monotonic); when a job is visible is the clock's business.
    const deadline = performance.now() + waitMs;
    const claim = this.db.transaction(this.claim);
    for (;;) {
      const received = claim.immediate(this.now());
      if (received || performance.now() >= deadline) return received;
      const ac = new AbortController();
      const woken = new Promise<void>((resolve) => this.events.once('enqueued', resolve));
      await Promise.race([
        woken,
        sleep(Math.min(this.pollMs, deadline - performance.now()), undefined, { signal: ac.signal }).catch(() => undefined),
      ]);
      ac.abort();
    }
  }

  async ack(receipt: string): Promise<void> {
    this.db.prepare('DELETE FROM jobs WHERE receipt = ?').run(receipt);
  }

  async retry(receipt: string, error: string): Promise<{ deadLettered: boolean }> {
    const row = this.db.prepare('SELECT attempts FROM jobs WHERE receipt = ?').get(receipt) as { attempts: number } | undefined;
    if (!row) return { deadLettered: false };
    const now = this.now();
    if (row.attempts >= this.options.maxAttempts) {
      this.db.prepare('UPDATE jobs SET dead_at = ?, last_error = ?, receipt = NULL WHERE receipt = ?').run(now, error, receipt);
      return { deadLettered: true };
    }
    const backoff = this.retryBaseMs * 2 ** (row.attempts - 1);
    this.db
      .prepare('UPDATE jobs SET visible_at = ?, last_error = ?, receipt = NULL WHERE receipt = ?')
      .run(now + backoff, error, receipt);
    return { deadLettered: false };
  }

  async extend(receipt: string, seconds: number): Promise<void> {
    this.db.prepare('UPDATE jobs SET visible_at = ? WHERE receipt = ?').run(this.now() + seconds * 1000, receipt);
  }

  async recoverInFlight(): Promise<number> {
    const result = this.db
      .prepare('UPDATE jobs SET visible_at = ?, receipt = NULL WHERE dead_at IS NULL AND receipt IS NOT NULL')
      .run(this.now());
    return result.changes;
  }

  async stats(): Promise<{ waiting: number; inFlight: number; dead: number }> {
    const now = this.now();
    const row = this.db
      .prepare(
        `SELECT
           SUM(dead_at IS NULL AND (receipt IS NULL OR visible_at <= ?)) AS waiting,
           SUM(dead_at IS NULL AND receipt IS NOT NULL AND visible_at > ?) AS inFlight,
           SUM(dead_at IS NOT NULL) AS dead
         FROM jobs`,
      )
      .get(now, now) as { waiting: number | null; inFlight: number | null; dead: number | null };
    return { waiting: row.waiting ?? 0, inFlight: row.inFlight ?? 0, dead: row.dead ?? 0 };
  }

  async check(): Promise<void> {
    this.db.prepare('SELECT 1 FROM jobs LIMIT 1').get();
  }
}
