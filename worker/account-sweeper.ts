import type { SweeperLog } from './trash-sweeper.js';

/** What the sweeper drives: AccountPurge.purgePending. */
export interface AccountPurgeWork {
  purgePending(shouldStop: () => boolean): Promise<{ purged: number; finished: number; stopped: boolean }>;
}

/**
 * Purges deleted accounts: at start, whenever woken (an account deleted by the API in this process), and every
 * `intervalSeconds`, one sweep at a time. A sweep works in bounded batches and checks between batches whether the
 * worker is stopping; what it leaves is recorded, so the next sweep (here or in another task) goes on.
 */
export class AccountSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly work: AccountPurgeWork,
    private readonly log: SweeperLog,
    private readonly intervalSeconds: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Sweep now (or right after the sweep under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sweeping = this.sweep().finally(() => {
        this.sweeping = null;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.intervalSeconds * 1000);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    try {
      const report = await this.work.purgePending(() => this.stopped);
      if (report.purged > 0 || report.finished > 0) this.log.info(report, 'deleted accounts purged');
    } catch (err) {
      // The next sweep tries again: the record of what is left is still there.
      this.log.error({ err }, 'account purge failed');
    }
  }

  /** No new sweep starts, the one under way stops after its batch; resolves once it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
  }
}
