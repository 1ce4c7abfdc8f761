import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { BlobStore } from '../ports/blob-store.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import { errors } from '../schemas/common.js';
import { Health, Readiness } from '../schemas/service.js';

export interface HealthDeps {
  blobs: BlobStore;
  photos: PhotoRepo;
  queue: JobQueue | null;
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthDeps> = async (app, deps) => {
  app.get(
    '/healthz',
    { config: { rateLimit: false }, schema: { summary: 'The process is up', response: { 200: Health, ...errors() } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: { summary: 'Every store this process uses answers', response: { 200: Readiness, 503: Readiness, ...errors() } },
    },
    async (request, reply) => {
      const checks = { blobs: deps.blobs, photos: deps.photos, ...(deps.queue && { queue: deps.queue }) };
      const results: Record<string, 'ok' | 'unavailable'> = {};
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
    },
  );
};
