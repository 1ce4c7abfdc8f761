import { setTimeout as sleep } from 'node:timers/promises';
import { ImageRejectedError } from '../src/domain/errors.js';
import type { JobQueue, JobResult, ReceivedJob } from '../src/ports/job-queue.js';
import type { PhotoProcessingService } from '../src/services/photo-processing-service.js';

export interface WorkerOptions {
  concurrency: number;
  visibilitySeconds: number;
  /** How long one receive waits for a job; bounds how long stop() waits for an idle consumer. */
  receiveWaitMs?: number;
  /** Pause after an error in the loop itself (the queue unreachable), so it does not spin. */
  loopErrorPauseMs?: number;
  /** Told how each job ended and how long it took (metrics). */
  observe?: (result: JobResult, seconds: number) => void;
}

export interface WorkerLog {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/**
 * Consumes photo jobs: `concurrency` loops, each receiving and processing one
 * job at a time, keeping it invisible to other consumers while it works, and
 * acknowledging, retrying or dead-lettering it by how it ended.
 */
export class PhotoWorker {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly processing: PhotoProcessingService,
    private readonly log: WorkerLog,
    private readonly options: WorkerOptions,
  ) {}

  async start(): Promise<void> {
    const recovered = await this.queue.recoverInFlight();
    if (recovered > 0) this.log.info({ recovered }, 'jobs left in flight by a previous run are queued again');
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
      try {
        const received = await this.queue.receive(this.options.receiveWaitMs ?? 1000);
        if (received) await this.handle(received);
      } catch (err) {
        this.log.error({ err }, 'worker loop error');
        await sleep(this.options.loopErrorPauseMs ?? 1000);
      }
    }
  }

  private async handle({ receipt, job, attempt }: ReceivedJob): Promise<void> {
    const { photoId, task = 'variants' } = job;
    const heartbeatMs = (this.options.visibilitySeconds * 1000) / 2;
    const heartbeat = setInterval(() => {
      this.queue.extend(receipt, this.options.visibilitySeconds).catch(() => undefined);
    }, heartbeatMs);
    const started = performance.now();
    const observe = (result: JobResult) => this.options.observe?.(result, (performance.now() - started) / 1000);
    try {
      const outcome = await this.processing.process(job);
      await this.queue.ack(receipt);
      this.log.info({ photoId, task, attempt, outcome, ms: Math.round(performance.now() - started) }, 'photo processed');
      observe(outcome);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof ImageRejectedError) {
        await this.processing.reject(job, message);
        await this.queue.ack(receipt);
        this.log.warn({ photoId, task, error: message }, 'photo rejected');
        observe('rejected');
        return;
      }
      const { deadLettered } = await this.queue.retry(receipt, message);
      if (deadLettered) await this.processing.giveUp(job, attempt, message);
      this.log.error({ err, photoId, task, attempt, deadLettered }, 'photo processing failed');
      observe(deadLettered ? 'dead_letter' : 'retry');
    } finally {
      clearInterval(heartbeat);
    }
  }
}
