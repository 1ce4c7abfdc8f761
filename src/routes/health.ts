import type { FastifyPluginAsync } from 'fastify';
import type { BlobStore } from '../ports/blob-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PhotoRepo } from '../ports/photo-repo.js';

export interface HealthDeps {
  blobs: BlobStore;
  photos: PhotoRepo;
  queue: JobQueue | null;
}

export const healthRoutes: FastifyPluginAsync<HealthDeps> = async (app, deps) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const checks = { blobs: deps.blobs, photos: deps.photos, ...(deps.queue && { queue: deps.queue }) };
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, part] of Object.entries(checks)) {
      try {
        await part.check();
        results[name] = 'ok';
      } catch (err) {
        ready = false;
        results[name] = 'unavailable';
        request.log.warn({ err, part: name }, 'readiness check failed');
      }
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results });
  });
};
