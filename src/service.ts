import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { PhotoWorker } from '../worker/photo-worker.js';
import { AccountSweeper } from '../worker/account-sweeper.js';
import { TrashSweeper } from '../worker/trash-sweeper.js';
import { BackfillRunner } from '../worker/backfill-runner.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './ports/clock.js';
import { AccountPurge } from './services/account-purge.js';
import { DerivedImages } from './services/derived-images.js';
import { PhotoProcessingService } from './services/photo-processing-service.js';
import { TrashService } from './services/trash-service.js';
import { CursorCodec } from './domain/cursor.js';
import type { Adapters } from './wiring/adapters.js';
import { apiDeps } from './wiring/api-deps.js';
import { buildHealthApp } from './wiring/health-app.js';
import { localAdapters, type LocalTuning } from './wiring/local-adapters.js';
import { serviceMetrics } from './wiring/service-metrics.js';

export interface Service {
  app: FastifyInstance;
  worker: PhotoWorker | null;
  adapters: Adapters;
  /** The API, or for ROLE=worker the health endpoints alone. */
  url: string;
  stop(): Promise<void>;
}

export type StartOptions = LocalTuning & { clock?: Clock };

/**
 * The composition root: config → adapters → services → the API and the
 * worker, started as ROLE asks. The one module under src/ that knows worker/,
 * because ROLE=all runs both in one process.
 */
export async function startService(config: Config, options: StartOptions = {}): Promise<Service> {
  const logger = pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;

  // The AWS SDK is loaded only in aws mode: in local mode it would be tens of MB of resident memory for nothing.
  const adapters = config.aws
    ? (await import('./wiring/aws-adapters.js')).awsAdapters({ ...config, aws: config.aws })
    : localAdapters(config, { log: logger, ...options, queue: { clock, ...options.queue } });
  const metrics = config.metrics ? { access: config.metrics, ...serviceMetrics() } : null;
  const { images } = adapters;
  const httpLogger = config.logLevel === 'silent' ? false : { level: config.logLevel };

  // Set below when this process runs the worker too: an account deleted here is purged at once.
  let accountSweeper: AccountSweeper | null = null;
  let app: FastifyInstance;
  if (config.role !== 'worker') {
    app = await buildApp({ ...apiDeps(config, adapters, clock, metrics), onAccountDeleted: () => accountSweeper?.wake() });
  } else {
    app = await buildHealthApp({ blobs: adapters.blobs, photos: adapters.photos, queue: adapters.queue }, httpLogger, metrics);
  }
  const url = await app.listen({ host: config.host, port: config.port });

  let worker: PhotoWorker | null = null;
  let sweeper: TrashSweeper | null = null;
  let backfill: BackfillRunner | null = null;
  if (config.role !== 'api') {
    if (!adapters.queue) throw new Error('the worker needs a job queue');
    const derived = new DerivedImages(adapters.blobs, images);
    const processing = new PhotoProcessingService({
      photos: adapters.photos,
      blobs: adapters.blobs,
      images,
      derived,
      labeler: adapters.labeler,
      clock,
      log: logger.child({ role: 'worker' }),
    });
    worker = new PhotoWorker(adapters.queue, processing, logger.child({ role: 'worker' }), {
      concurrency: config.workerConcurrency,
      visibilitySeconds: config.jobVisibilitySeconds,
      ...(metrics && { observe: metrics.observeJob }),
    });
    await worker.start();
    const trash = new TrashService({
      photos: adapters.photos,
      albums: adapters.albums,
      blobs: adapters.blobs,
      derived,
      // The worker pages no listing for anyone, so a worker without the API's key gets a throwaway one.
      cursors: new CursorCodec(adapters.cursorKey ?? randomBytes(32)),
      clock,
      trashDays: config.trashDays,
    });
    sweeper = new TrashSweeper(trash, logger.child({ role: 'worker' }), config.trashSweepSeconds);
    sweeper.start();
    const accounts = new AccountPurge({
      deletions: adapters.deletions,
      photos: adapters.photos,
      albums: adapters.albums,
      apiKeys: adapters.apiKeys,
      trash,
      remover: adapters.identityRemover,
      clock,
    });
    // Deleted accounts are looked for at least every minute: an API in another process cannot wake this one.
    accountSweeper = new AccountSweeper(accounts, logger.child({ role: 'worker' }), Math.min(60, config.trashSweepSeconds));
    accountSweeper.start();
    if (adapters.takenBackfill) {
      backfill = new BackfillRunner('takenKey', adapters.takenBackfill, logger.child({ role: 'worker' }));
      backfill.start();
    }
    // Which decoder reads iPhone photos here: checked once, by decoding a sample.
    logger.info({ role: 'worker', heicDecoder: await images.heicDecoder() }, 'HEIC decoding');
  }

  return {
    app,
    worker,
    adapters,
    url,
    async stop() {
      // Stop taking requests and jobs, let those in hand finish, then close the stores.
      await Promise.all([
        closeGracefully(app, config.shutdownGraceSeconds),
        worker?.stop(),
        sweeper?.stop(),
        accountSweeper?.stop(),
        backfill?.stop(),
      ]);
      await adapters.close();
    },
  };
}

/** Stops accepting, lets requests in flight finish within the grace period, then drops what is left. */
async function closeGracefully(app: FastifyInstance, graceSeconds: number): Promise<void> {
  const closed = app.close();
  const timer = setTimeout(() => {
    app.server.closeAllConnections();
  }, graceSeconds * 1000);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
