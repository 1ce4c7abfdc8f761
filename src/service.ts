import type { FastifyInstance } from 'fastify';
import os from 'node:os';
import pino from 'pino';
import { FullSizeDerivatives } from '../worker/full-size-derivatives.js';
import type { PhotoWorker } from '../worker/photo-worker.js';
import { buildApp } from './app.js';
import { buildHealthApp } from './health-app.js';
import { serviceMetrics } from './service-metrics.js';
import type { Config } from './config.js';
import { CursorCodec } from './domain/cursor.js';
import type { Adapters } from './wiring/adapters.js';
import { localAdapters, type LocalTuning } from './wiring/local-adapters.js';

export interface Service {
  app: FastifyInstance;
  worker: PhotoWorker | null;
  adapters: Adapters;
  /** The API, or for ROLE=worker the health endpoints alone. */
  url: string;
  stop(): Promise<void>;
}

export type StartOptions = LocalTuning;

/** Wires config → adapters → API and worker, and starts what ROLE asks for. */
export async function startService(config: Config, options: StartOptions = {}): Promise<Service> {
  const logger = pino({ level: config.logLevel });

  // The AWS SDK is loaded only in aws mode: in local mode it would be tens of MB of resident memory for nothing.
  const adapters = config.aws
    ? (await import('./wiring/aws-adapters.js')).awsAdapters({ ...config, aws: config.aws })
    : localAdapters(config, options);
  const limits = { maxPixels: config.maxPixels };
  const metrics = config.metrics ? { access: config.metrics, ...serviceMetrics() } : null;
  const derivatives = new FullSizeDerivatives(adapters.blobs, limits);

  let app: FastifyInstance;
  if (config.role !== 'worker') {
    if (!adapters.auth || !adapters.signer || !adapters.cursorKey) throw new Error('the API needs Auth, a URL signer and a cursor key');
    app = await buildApp({
      auth: adapters.auth,
      blobs: adapters.blobs,
      photos: adapters.photos,
      queue: adapters.queue,
      signer: adapters.signer,
      cdnVerifier: adapters.cdnVerifier,
      derivatives,
      cursors: new CursorCodec(adapters.cursorKey),
      settings: {
        publicUrl: config.publicUrl,
        webDir: config.webDir,
        maxUploadBytes: config.maxUploadBytes,
        signedUrlSeconds: config.signedUrlSeconds,
        listingCacheBytes: config.listingCacheBytes,
        metrics,
        shareDelivery: config.aws ? { redirectSeconds: config.shareRedirectSeconds } : 'serve',
      },
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
  } else {
    app = await buildHealthApp(
      { blobs: adapters.blobs, photos: adapters.photos, queue: adapters.queue },
      config.logLevel === 'silent' ? false : { level: config.logLevel },
      metrics,
    );
  }
  const url = await app.listen({ host: config.host, port: config.port });

  let worker: PhotoWorker | null = null;
  if (config.role !== 'api') {
    if (!adapters.queue) throw new Error('the worker needs a job queue');
    // Loaded only where photos are processed: sharp and libvips are about 13 MB of an API's resident memory.
    const [{ PhotoWorker }, { setLibvipsThreads }] = await Promise.all([
      import('../worker/photo-worker.js'),
      import('../worker/image-pipeline.js'),
    ]);
    // Measured (bench/RESULTS.md): photos in parallel with a libvips thread each beats sharing one pool.
    setLibvipsThreads(Math.max(1, Math.floor(os.availableParallelism() / config.workerConcurrency)));
    worker = new PhotoWorker(
      adapters.queue,
      { blobs: adapters.blobs, photos: adapters.photos, labeler: adapters.labeler, limits, log: logger.child({ role: 'worker' }) },
      { concurrency: config.workerConcurrency, visibilitySeconds: config.jobVisibilitySeconds, observe: metrics?.observeJob },
    );
    await worker.start();
  }

  return {
    app,
    worker,
    adapters,
    url,
    async stop() {
      // Stop taking requests and jobs, let those in hand finish, then close the stores.
      await Promise.all([closeGracefully(app, config.shutdownGraceSeconds), worker?.stop()]);
      await adapters.close();
    },
  };
}

/** Stops accepting, lets requests in flight finish within the grace period, then drops what is left. */
async function closeGracefully(app: FastifyInstance, graceSeconds: number): Promise<void> {
  const closed = app.close();
  const timer = setTimeout(() => app.server.closeAllConnections(), graceSeconds * 1000);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
