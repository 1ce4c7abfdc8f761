import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Client, fetchBytes, waitFor } from '../helpers/client.js';
import { spawnService } from '../helpers/process.js';
import { fixture, freePort } from '../helpers/service.js';

const tempDir = (t: Test) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-proc-'));
  t.teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
};

t.test('SIGTERM: stops accepting, finishes the upload in flight, exits cleanly', async (t) => {
  const port = String(await freePort());
  const dataDir = tempDir(t);
  const svc = await spawnService(t, { PORT: port, DATA_DIR: dataDir });
  const incoming = path.join(dataDir, 'blobs', '.incoming');
  const alice = new Client(svc.url);
  await alice.signUpAndLogin('alice@example.com');

  const photo = fixture('nokia-starfish-gps.jpg');
  const boundary = 'photoshare-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${svc.url}/photos`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + photo.length + tail.length,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body });
      });
    });
    req.on('error', reject);
    req.write(head);
    req.write(photo.subarray(0, 150_000), () => {
      // Signal only once the server holds the upload (its temp file exists): a write callback only means
      // the bytes left this process, and a request the server had not yet read would rightly get a 503.
      void waitFor(() => fs.readdirSync(incoming).length > 0, { timeoutMs: 10_000 }).then(() => {
        svc.child.kill('SIGTERM');
        // The rest of the body follows once the server says it is shutting down, not after a guessed delay.
        void waitFor(() => svc.output().includes('SIGTERM received'), { timeoutMs: 10_000 }).then(() => {
          req.write(photo.subarray(150_000));
          req.end(tail);
        });
      });
    });
  });

  const res = await response;
  t.equal(res.status, 201, 'the upload in flight was finished and acknowledged');
  const exit = await svc.exited;
  t.same(exit, { code: 0, signal: null }, 'exited 0');
  t.match(svc.output(), /SIGTERM received/);
  await t.rejects(fetch(`${svc.url}/healthz`), 'no longer accepting');
});

t.test('SIGKILL right after a 201 loses nothing: the photo is processed after the restart', async (t) => {
  const port = String(await freePort());
  const dataDir = tempDir(t);
  const first = await spawnService(t, { PORT: port, DATA_DIR: dataDir, JOB_VISIBILITY_SECONDS: '60' });
  const bob = new Client(first.url);
  await bob.signUpAndLogin('bob@example.com');
  const upload = await bob.upload(fixture('xiaomi-mi3-13mp.jpg'), 'big.jpg');
  t.equal(upload.status, 201);
  first.child.kill('SIGKILL');
  t.same(await first.exited, { code: null, signal: 'SIGKILL' });

  const second = await spawnService(t, { PORT: port, DATA_DIR: dataDir, JOB_VISIBILITY_SECONDS: '60' });
  const photo = await bob.waitForPhoto(upload.body.photoId);
  t.equal(photo.status, 'ready', 'processed after the crash (no wait for the 60 s visibility timeout)');
  t.equal((await fetchBytes(photo.urls.preview)).status, 200);
  const ready = await bob.json('GET', '/readyz');
  t.same(ready.body, { status: 'ready', checks: { blobs: 'ok', photos: 'ok', queue: 'ok' } });
  second.child.kill('SIGTERM');
  t.equal((await second.exited).code, 0);
});

t.test('logs carry request ids but no passwords, tokens or share links', async (t) => {
  const port = String(await freePort());
  const dataDir = tempDir(t);
  const svc = await spawnService(t, { PORT: port, DATA_DIR: dataDir });
  const password = 'Secret-horse-42';
  const carol = new Client(svc.url);
  await carol.signUpAndLogin('carol@example.com', password);
  const upload = await carol.upload(fixture('iphone4s-orient6-gps.jpg'), 'c.jpg');
  const photo = await carol.waitForPhoto(upload.body.photoId);
  const share = await carol.json('POST', `/photos/${photo.photoId}/share`);
  await fetchBytes(share.body.url);
  await fetchBytes(photo.urls.thumbnail);
  const res = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'trace-me-123' } });
  const requestId = res.headers.get('x-request-id')!;
  t.match(requestId, /^[A-Za-z0-9_-]{22}$/, 'the request id is the server’s own');
  // A client that goes away halfway through an upload.
  const abandoned = net.connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => abandoned.once('connect', resolve));
  abandoned.write(
    `POST /photos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${carol.accessToken}\r\n` +
      'Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 1000000\r\n\r\n' +
      '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n',
  );
  abandoned.write(fixture('nokia-starfish-gps.jpg').subarray(0, 60_000));
  await waitFor(() => fs.readdirSync(path.join(dataDir, 'blobs', '.incoming')).length > 0, { timeoutMs: 10_000 });
  abandoned.destroy();
  await waitFor(() => svc.output().includes('the client went away'), { timeoutMs: 10_000 });
  svc.child.kill('SIGTERM');
  await svc.exited;

  const logs = svc.output();
  t.match(
    logs,
    new RegExp(`"reqId":"${requestId}"[^\\n]*"clientRequestId":"trace-me-123"`),
    'the client’s id is logged beside ours',
  );
  const aborts = logs.split('\n').filter((line) => line.includes('the client went away'));
  t.equal(aborts.length, 1, 'the abandoned upload is logged once');
  t.match(aborts[0], /"level":30/, 'at info');
  t.notOk(aborts[0]!.includes('"stack"'), 'without a stack');
  t.notOk(/"level":50/.test(logs), 'no error in the log');
  t.match(logs, /"msg":"photo processed"/, 'the worker logs its work');
  const token = share.body.url.split('/s/')[1];
  const signature = new URL(photo.urls.thumbnail).searchParams.get('Signature')!;
  for (const [what, secret] of [
    ['password', password],
    ['access token', carol.accessToken!],
    ['refresh token', carol.refreshToken!],
    ['share token', token],
    ['URL signature', signature.slice(0, 40)],
  ] as const) {
    t.notOk(logs.includes(secret), `no ${what} in the logs`);
  }
});
