import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobResult } from '../ports/job-queue.js';

/**
 * One registry per service (tests run several services in one process): the
 * process's own figures, plus what the worker reports of each job. The API's
 * request metrics are added to it by installMetrics.
 */
export function serviceMetrics(): { registry: Registry; observeJob: (result: JobResult, seconds: number) => void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'photoshare_' });
  const jobs = new Histogram({
    name: 'photoshare_photo_jobs_seconds',
    help: 'Photo processing jobs by result (done, gone, rejected, retry, dead_letter), and how long each took',
    labelNames: ['result'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 120],
    registers: [registry],
  });
  return {
    registry,
    observeJob: (result, seconds) => {
      jobs.observe({ result }, seconds);
    },
  };
}
