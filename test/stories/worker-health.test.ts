import t from 'tap';
import { startTestService } from '../helpers/service.js';

t.test('a worker-only process answers health checks and nothing else', async (t) => {
  const worker = await startTestService(t, { ROLE: 'worker' });
  const health = await fetch(`${worker.url}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });
  const ready = await fetch(`${worker.url}/readyz`);
  t.equal(ready.status, 200);
  t.same(await ready.json(), { status: 'ready', checks: { blobs: 'ok', photos: 'ok', queue: 'ok' } });
  for (const path of ['/photos', '/auth/login', '/.well-known/jwks.json', '/s/abc']) {
    const res = await fetch(`${worker.url}${path}`);
    t.equal(res.status, 404, `${path} is not served by the worker`);
    t.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  }
});
