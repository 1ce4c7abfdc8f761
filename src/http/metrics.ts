import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Histogram, type Registry } from 'prom-client';
import { unauthorized } from '../domain/errors.js';

export interface MetricsAccess {
  /** A bearer token Prometheus must send; null leaves /metrics open (local mode). */
  token: string | null;
}

export interface MetricsSettings {
  access: MetricsAccess;
  /** The service's registry (service-metrics.ts); request metrics are added to it. */
  registry: Registry;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus metrics at /metrics: what the registry holds (the process, the
 * worker's jobs) and every request by method, route pattern and status. Routes are labelled
 * by their pattern, never by the URL, so ids and share tokens stay out.
 */
export function installMetrics(app: FastifyInstance, { access, registry }: MetricsSettings): void {
  const requests = new Histogram({
    name: 'photoshare_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 30],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const expected = access.token === null ? null : digest(`Bearer ${access.token}`);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      throw unauthorized('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
    }
    reply.header('cache-control', 'no-store').type(registry.contentType);
    return registry.metrics();
  });
}
