import path from 'node:path';
import sharp from 'sharp';
import { LocalAuth } from './adapters/local/local-auth.js';
import { CloudFrontFormatSigner } from './adapters/local/cloudfront-format-signer.js';
import { FolderBlobStore } from './adapters/local/folder-blob-store.js';
import { loadOrCreateRsaKey, loadOrCreateSecret } from './adapters/local/key-files.js';
import { LocalLabeler } from './adapters/local/local-labeler.js';
import { openDatabase } from './adapters/local/sqlite-database.js';
import { SqliteJobQueue } from './adapters/local/sqlite-job-queue.js';
import { SqlitePhotoRepo } from './adapters/local/sqlite-photo-repo.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { CursorCodec } from './domain/cursor.js';
import { FullSizeDerivatives } from '../worker/full-size-derivatives.js';
import { PhotoWorker } from '../worker/photo-worker.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

export interface Service {
  app: FastifyInstance | null;
  worker: PhotoWorker | null;
  /** Where the API listens, once started. */
  url: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Test hooks: shorter timings for the queue. */
  queue?: { retryBaseMs?: number; pollMs?: number };
}

/** Wires config → adapters → API and worker, and starts what ROLE asks for. */
export async function startService(config: Config, options: StartOptions = {}): Promise<Service> {
  const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.refreshToken'] });
  // Long runs keep memory flat without libvips' operation cache; we never reprocess the same input.
  sharp.cache(false);

  const db = openDatabase(config.dataDir);
  const blobs = new FolderBlobStore(path.join(config.dataDir, 'blobs'));
  const queue = new SqliteJobQueue(db, {
    visibilitySeconds: config.jobVisibilitySeconds,
    maxAttempts: config.jobMaxAttempts,
    ...options.queue,
  });
  const photos = new SqlitePhotoRepo(db, (job) => queue.enqueue(job));
  const limits = { maxPixels: config.maxPixels };

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (config.role !== 'worker') {
    const signer = new CloudFrontFormatSigner(config.publicUrl, loadOrCreateRsaKey(config.dataDir, 'cdn-signing'));
    app = await buildApp({
      auth: new LocalAuth(db, loadOrCreateRsaKey(config.dataDir, 'jwt-signing'), {
        issuer: config.publicUrl,
        accessTokenSeconds: config.accessTokenSeconds,
        refreshTokenSeconds: config.refreshTokenSeconds,
      }),
      blobs,
      photos,
      queue,
      signer,
      cdnVerifier: signer,
      derivatives: new FullSizeDerivatives(blobs, limits),
      cursors: new CursorCodec(loadOrCreateSecret(config.dataDir, 'cursor-mac')),
      settings: { publicUrl: config.publicUrl, maxUploadBytes: config.maxUploadBytes, signedUrlSeconds: config.signedUrlSeconds },
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    url = await app.listen({ host: config.host, port: config.port });
  }

  let worker: PhotoWorker | null = null;
  if (config.role !== 'api') {
    worker = new PhotoWorker(
      queue,
      { blobs, photos, labeler: config.labels === 'local' ? new LocalLabeler() : null, limits, log: logger.child({ role: 'worker' }) },
      { concurrency: config.workerConcurrency, visibilitySeconds: config.jobVisibilitySeconds },
    );
    await worker.start();
  }

  return {
    app,
    worker,
    url,
    async stop() {
      // Stop taking requests and jobs, let those in hand finish, then close the database.
      await Promise.all([app && closeGracefully(app, config.shutdownGraceSeconds), worker?.stop()]);
      db.close();
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
