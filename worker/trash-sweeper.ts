/** What the sweeper drives: TrashService.purgeDue. */
export interface TrashPurge {
  purgeDue(): Promise<number>;
}

export interface SweeperLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Purges the trash that is due, at start and then every `intervalSeconds`, one sweep at a time. Every worker task
 * sweeps; two sweeping the same photo at once is harmless (a purge removes blobs, then the record, each idempotent).
 */
export class TrashSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly trash: TrashPurge,
    private readonly log: SweeperLog,
    private readonly intervalSeconds: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep().finally(() => {
        this.schedule(this.intervalSeconds * 1000);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    try {
      const purged = await this.trash.purgeDue();
      if (purged > 0) this.log.info({ purged }, 'trash purged');
    } catch (err) {
      // The next sweep tries again: what failed is still in the trash.
      this.log.error({ err }, 'trash sweep failed');
    }
  }

  /** No new sweep starts; resolves once the one under way, if any, has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
  }
}
