import type { AccountDeletionRepo } from '../ports/account-deletions.js';
import type { Clock } from '../ports/clock.js';

/** How many accounts' answers are remembered, each way. */
const MAX_REMEMBERED = 10_000;

/**
 * Whether an account is closed (being deleted): asked on every authenticated request, every share-link visit and
 * every local /cdn image, so that an account's access tokens, links and images stop the moment it is deleted.
 *
 * A closed account is remembered until its record's `keepUntil`. An open one is remembered `openSeconds` (0 in local
 * mode, where the record is one indexed SQLite read; 10 in aws mode, where it is a DynamoDB read): another API task
 * may let a deleted account's old token through for that long. What it writes meanwhile is purged, since the worker
 * keeps the record, and keeps sweeping, until well after that.
 */
export class AccountGate {
  private readonly closed = new Map<string, number>();
  private readonly open = new Map<string, number>();

  constructor(
    private readonly deletions: AccountDeletionRepo,
    private readonly clock: Clock,
    private readonly openSeconds: number,
  ) {}

  async isClosed(userId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const closedUntil = this.closed.get(userId);
    if (closedUntil !== undefined) {
      if (closedUntil > now) return true;
      this.closed.delete(userId);
    }
    const openUntil = this.open.get(userId);
    if (openUntil !== undefined && openUntil > now) return false;
    this.open.delete(userId);
    const deletion = await this.deletions.get(userId);
    if (deletion) {
      this.markClosed(userId, new Date(deletion.keepUntil));
      return true;
    }
    if (this.openSeconds > 0) remember(this.open, userId, now + this.openSeconds * 1000);
    return false;
  }

  /** This process closed the account: refused here from now on, whatever was remembered. */
  markClosed(userId: string, until: Date): void {
    this.open.delete(userId);
    remember(this.closed, userId, until.getTime());
  }
}

function remember(map: Map<string, number>, key: string, until: number): void {
  map.delete(key);
  // Oldest first: a Map keeps insertion order.
  const oldest = map.keys().next();
  if (map.size >= MAX_REMEMBERED && !oldest.done) map.delete(oldest.value);
  map.set(key, until);
}
