import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { freePort } from './free-port.js';
import { loadConfig } from '../../src/config.js';
import { startService, type Service, type StartOptions } from '../../src/service.js';

export { freePort };

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

export interface RunningService {
  url: string;
  dataDir: string;
  service: Service;
  /** Stops this instance; the data folder stays (for restart tests). */
  stop(): Promise<void>;
}

/**
 * Starts the whole service (API and worker) on a free loopback port with its own temporary DATA_DIR.
 * `options`: the services' `clock` (a SteppedClock to jump over an expiry), and the local adapters'
 * tuning: the queue's clock and delays, the view-flush delay.
 */
export async function startTestService(
  t: Test,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningService> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-test-'));
  const port = env.PORT ?? String(await freePort());
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WORKER_CONCURRENCY: '2',
    SHUTDOWN_GRACE_SECONDS: '1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...env,
    DATA_DIR: dataDir,
    PORT: port,
  });
  // Short retry and poll delays so a retried job is not waited for; a test's own queue or view-flush options win.
  const service = await startService(config, { ...options, queue: { retryBaseMs: 50, pollMs: 50, ...options.queue } });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.stop();
  };
  t.teardown(async () => {
    await stop();
    if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { url: config.publicUrl, dataDir, service, stop };
}
