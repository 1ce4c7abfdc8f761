import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { installErrorHandling } from './routes/error-handler.js';
import { healthRoutes, type HealthDeps } from './routes/health.js';

/**
 * What a worker-only process serves: /healthz and /readyz and nothing else, so
 * that container health checks and load balancers treat both roles alike.
 */
export async function buildHealthApp(deps: HealthDeps, logger: FastifyServerOptions['logger'] | false): Promise<FastifyInstance> {
  const app = Fastify({ logger: logger || false, return503OnClosing: true });
  installErrorHandling(app);
  await app.register(healthRoutes, deps);
  return app;
}
