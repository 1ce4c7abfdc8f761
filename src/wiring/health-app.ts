import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { installErrorHandling } from '../http/error-handler.js';
import { installMetrics, type MetricsSettings } from '../http/metrics.js';
import { healthRoutes, type HealthDeps } from '../routes/health.js';
import { addSharedSchemas } from '../http/shared-schemas.js';

/**
 * What a worker-only process serves: /healthz and /readyz (and /metrics when
 * configured) and nothing else, so that container health checks, load
 * balancers and Prometheus treat both roles alike.
 */
export async function buildHealthApp(
  deps: HealthDeps,
  logger: FastifyServerOptions['logger'] | false,
  metrics: MetricsSettings | null = null,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: logger || false, return503OnClosing: true });
  installErrorHandling(app);
  if (metrics) installMetrics(app, metrics);
  addSharedSchemas(app);
  await app.register(healthRoutes, deps);
  return app;
}
