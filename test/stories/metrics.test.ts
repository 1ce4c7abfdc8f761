import t from 'tap';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

const metricsOf = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

t.test('/metrics counts requests by route pattern, never by URL, and reports the process', async (t) => {
  const svc = await startTestService(t);
  const alice = new Client(svc.url);
  t.equal((await alice.request('GET', '/photos')).status, 401);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  await alice.waitForPhoto(upload.body.photoId);
  const broken = await alice.upload(fixture('nokia-starfish-gps.jpg').subarray(0, 4096), 'broken.jpg');
  t.equal((await alice.waitForPhoto(broken.body.photoId)).status, 'failed');
  await alice.json('GET', '/photos');
  const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
  t.equal((await fetch(`${svc.url}/s/${secret}`)).status, 404);

  const { status, type, body } = await metricsOf(svc.url);
  t.equal(status, 200);
  t.match(type, /^text\/plain; version=0\.0\.4/);
  t.match(body, /photoshare_http_request_duration_seconds_count\{method="GET",route="\/photos",status="401"\} 1\n/);
  t.match(body, /photoshare_http_request_duration_seconds_count\{method="GET",route="\/photos",status="200"\} 1\n/);
  t.match(body, /photoshare_http_request_duration_seconds_count\{method="POST",route="\/photos",status="201"\} 2\n/);
  t.match(body, /route="\/photos\/:photoId",status="200"/, 'ids are folded into the pattern');
  t.match(body, /route="\/s\/:token",status="404"/);
  t.notMatch(body, secret, 'a share token never reaches the metrics');
  t.notMatch(body, upload.body.photoId, 'nor does a photo id');
  t.match(body, /^photoshare_photo_jobs_seconds_count\{result="done"\} 1$/m, "the worker's jobs are counted");
  t.match(body, /^photoshare_photo_jobs_seconds_count\{result="rejected"\} 1$/m);
  t.match(body, /^photoshare_process_resident_memory_bytes \d+/m);
  t.match(body, /^photoshare_nodejs_eventloop_lag_p99_seconds /m);
});

t.test('with METRICS_TOKEN, /metrics wants it', async (t) => {
  const token = 'scrape-me-0123456789';
  const svc = await startTestService(t, { METRICS_TOKEN: token });
  t.equal((await metricsOf(svc.url)).status, 401);
  t.equal((await metricsOf(svc.url, { authorization: 'Bearer scrape-me-012345678X' })).status, 401);
  t.equal((await metricsOf(svc.url, { authorization: `Bearer ${token}` })).status, 200);
});

t.test('a worker-only process serves its own /metrics beside its health checks', async (t) => {
  const worker = await startTestService(t, { ROLE: 'worker' });
  const { status, body } = await metricsOf(worker.url);
  t.equal(status, 200);
  t.match(body, /^photoshare_process_cpu_seconds_total /m);
  t.equal((await fetch(`${worker.url}/healthz`)).status, 200);
});
