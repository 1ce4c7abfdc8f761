import type { JobQueue, ReceivedJob } from '../src/ports/job-queue.js';
import { ImageRejectedError } from './image-pipeline.js';
import { processPhoto, type ProcessDeps } from './process-photo.js';

export interface WorkerOptions {
  concurrency: number;
  visibilitySeconds: number;
  /** How long one receive waits for a job; bounds how long stop() waits for an idle consumer. */
  receiveWaitMs?: number;
  /** Told how each job ended and how long it took (metrics). */
  observe?: (result: JobResult, seconds: number) => void;
}

/** done: processed (or already was); gone: the photo was deleted meanwhile; rejected: not an image we can use; retry and dead_letter: failed. */
export type JobResult = 'done' | 'gone' | 'rejected' | 'retry' | 'dead_letter';

type Log = ProcessDeps['log'] & {
  info: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

/** Consumes photo jobs: `concurrency` loops, each receiving and processing one job at a time. */
export class PhotoWorker {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly deps: ProcessDeps & { log: Log },
    private readonly options: WorkerOptions,
  ) {}

  async start(): Promise<void> {
    const recovered = await this.queue.recoverInFlight();
    if (recovered > 0) this.deps.log.info({ recovered }, 'jobs left in flight by a previous run are queued again');
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Stops taking jobs and waits for those in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let received: ReceivedJob | null = null;
      try {
        received = await this.queue.receive(this.options.receiveWaitMs ?? 1000);
        if (received) await this.handle(received);
      } catch (err) {
        this.deps.log.error({ err }, 'worker loop error');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async handle({ receipt, job, attempt }: ReceivedJob): Promise<void> {
    const { photoId } = job;
    const heartbeatMs = (this.options.visibilitySeconds * 1000) / 2;
    const heartbeat = setInterval(() => {
      this.queue.extend(receipt, this.options.visibilitySeconds).catch(() => undefined);
    }, heartbeatMs);
    const started = Date.now();
    const observe = (result: JobResult) => this.options.observe?.(result, (Date.now() - started) / 1000);
    try {
      const outcome = await processPhoto(this.deps, photoId, job.key);
      await this.queue.ack(receipt);
      this.deps.log.info({ photoId, attempt, outcome, ms: Date.now() - started }, 'photo processed');
      observe(outcome);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ImageRejectedError) {
        await this.deps.photos.markFailed(photoId, message, new Date());
        await this.queue.ack(receipt);
        this.deps.log.warn({ photoId, error: message }, 'photo rejected');
        observe('rejected');
        return;
      }
      const { deadLettered } = await this.queue.retry(receipt, message);
      if (deadLettered) {
        await this.deps.photos.markFailed(photoId, `Processing failed after ${attempt} attempts: ${message}`, new Date());
      }
      this.deps.log.error({ err, photoId, attempt, deadLettered }, 'photo processing failed');
      observe(deadLettered ? 'dead_letter' : 'retry');
    } finally {
      clearInterval(heartbeat);
    }
  }
}
