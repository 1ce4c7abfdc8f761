import type { SweeperLog } from './trash-sweeper.js';

/**
 * One bounded step of a data backfill: how many items it wrote, whether it stopped at its bound with more to read
 * (`more`), and whether the backfill is finished for good (a whole pass found nothing left to write).
 */
export type BackfillStep = () => Promise<{ written: number; more: boolean; done: boolean }>;

/**
 * Runs a backfill (DynamoDB's `takenKey`, `DynamoPhotoRepo.backfillTakenKeys`) in the worker: steps at start until a
 * pass has read everything; a pass that wrote something is followed by another `retrySeconds` later, so that photos
 * recorded meanwhile by API tasks still on the previous version (a rolling deploy) are caught too. A failed step
 * is retried at the same interval. One step at a time; `stop` waits for the one under way.
 */
export class BackfillRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly step: BackfillStep,
    private readonly log: SweeperLog,
    private readonly retrySeconds = 600,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run();
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      let result = await this.step();
      if (result.written > 0) this.log.info({ backfill: this.name, written: result.written }, 'backfill step');
      while (result.more && !this.stopped) {
        result = await this.step();
        if (result.written > 0) this.log.info({ backfill: this.name, written: result.written }, 'backfill step');
      }
      if (!result.done) this.schedule(this.retrySeconds * 1000);
    } catch (err) {
      this.log.error({ err, backfill: this.name }, 'backfill step failed');
      this.schedule(this.retrySeconds * 1000);
    }
  }

  /** No new step starts; resolves once the one under way, if any, has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
