import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import t from 'tap';
import { Client, waitFor } from '../helpers/client.js';
import { rawRequest } from '../helpers/raw-http.js';
import { fixture, startTestService } from '../helpers/service.js';

const isEnvelope = (text: string, code: string) => {
  const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
  return body.error?.code === code && typeof body.error.message === 'string' && body.error.message.length > 5;
};

t.test("Fastify's and Node's own refusals come in the error envelope", async (t) => {
  const { url } = await startTestService(t);
  const badUrl = await rawRequest(url, 'GET /photos/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.equal(badUrl.status, 400, 'bad percent-encoding');
  t.ok(isEnvelope(badUrl.text, 'bad_url'), badUrl.text);

  const longParam = await rawRequest(url, `GET /photos/${'a'.repeat(300)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  t.equal(longParam.status, 414, 'a path parameter over the router limit');
  t.ok(isEnvelope(longParam.text, 'uri_too_long'), longParam.text);

  const hugeHeaders = await rawRequest(url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: ${'j'.repeat(20_000)}\r\n\r\n`);
  t.equal(hugeHeaders.status, 431, 'headers over Node’s limit');
  t.ok(isEnvelope(hugeHeaders.text, 'headers_too_large'), hugeHeaders.text);
  t.match(hugeHeaders.headers, /x-content-type-options: nosniff/i);

  const garbage = await rawRequest(url, 'NOT HTTP AT ALL\r\n\r\n');
  t.equal(garbage.status, 400);
  t.ok(isEnvelope(garbage.text, 'bad_request'), garbage.text);
});

t.test('JSON bodies: nesting refused before parsing, the auth routes capped at a few KB', async (t) => {
  const { url } = await startTestService(t);
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  const bomb = await post('/auth/login', nested(500_000));
  t.equal(bomb.status, 413, 'a megabyte to the login route is over its 16 KB');
  t.equal(((await bomb.json()) as { error: { code: string } }).error.code, 'payload_too_large');

  const deep = await post('/auth/login', nested(5_000));
  t.equal(deep.status, 400, 'deep nesting within the size limit');
  t.equal(((await deep.json()) as { error: { code: string } }).error.code, 'too_deeply_nested');

  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const upload = await alice.upload(fixture('nokia-starfish-gps.jpg'), 'n.jpg');
  const patched = await fetch(new URL(`/photos/${upload.body.photoId}`, url), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.accessToken}` },
    body: `{"tags":${nested(400_000)}}`,
  });
  t.equal(patched.status, 400, 'nested JSON to a route with the 1 MB limit');
  t.equal(((await patched.json()) as { error: { code: string } }).error.code, 'too_deeply_nested');

  const strings = await post(
    '/auth/login',
    JSON.stringify({ email: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[@example.com', password: '{'.repeat(100) }),
  );
  t.equal(strings.status, 401, 'brackets inside strings are not nesting');

  const proto = await post('/auth/login', '{"email":"a@example.com","password":"x","__proto__":{"admin":true}}');
  t.equal(proto.status, 400, 'prototype poisoning is refused');
});

t.test('headers: nosniff everywhere, no-store on private answers, HSTS behind https', async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const health = await fetch(new URL('/healthz', url));
  t.equal(health.headers.get('x-content-type-options'), 'nosniff');
  t.equal(health.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
  const login = await alice.request('POST', '/auth/login', { email: 'alice@example.com', password: 'correct-horse-9' });
  t.equal(login.headers.get('cache-control'), 'no-store', 'tokens are never cached');
  const listing = await alice.request('GET', '/photos');
  t.equal(listing.headers.get('cache-control'), 'no-store', 'a private listing is never cached');
  t.equal(listing.headers.get('x-content-type-options'), 'nosniff');
  const missing = await alice.request('GET', '/no/such/route');
  t.equal(missing.headers.get('x-content-type-options'), 'nosniff');

  const behindProxy = await startTestService(t, { PUBLIC_URL: 'https://photos.example' });
  const served = await fetch(new URL('/healthz', behindProxy.service.url));
  t.equal(
    served.headers.get('strict-transport-security'),
    'max-age=31536000; includeSubDomains',
    'HSTS when the public URL is https',
  );
});

t.test('one spelling per email address; invisible characters refused in addresses, dropped from names', async (t) => {
  const { url } = await startTestService(t);
  const signUp = (email: string) => new Client(url).json('POST', '/auth/signup', { email, password: 'correct-horse-9' });
  t.equal((await signUp('zo\u00eb@example.com')).status, 201, 'composed ë');
  const decomposed = await signUp('zoe\u0308@example.com');
  t.equal(decomposed.status, 409, 'decomposed ë is the same address');
  t.equal((await signUp('ZOË@EXAMPLE.COM')).status, 409, 'and so is the upper case');
  t.equal((await signUp('max@example.com')).status, 201);
  t.equal((await signUp('\uff4dax@example.com')).status, 409, 'a full-width m is an m');
  for (const sneaky of ['ma\u200bx@example.com', 'max\u202e@example.com', '\ufeffmax@example.com']) {
    const res = await signUp(sneaky);
    t.equal(res.status, 400, JSON.stringify(sneaky));
    t.equal(res.body.error.code, 'invalid_email');
  }
  const zoe = new Client(url);
  const login = await zoe.json('POST', '/auth/login', { email: 'zoe\u0308@example.com', password: 'correct-horse-9' });
  t.equal(login.status, 200, 'signs in under either spelling');

  zoe.accessToken = login.body.accessToken;
  const upload = await zoe.upload(fixture('nokia-starfish-gps.jpg'), 'photo\u202egpj.exe', { title: 'Sea\u200b side\u2066' });
  t.equal(upload.status, 201);
  t.equal(upload.body.filename, 'photogpj.exe', 'a right-to-left override cannot disguise a name');
  t.equal(upload.body.title, 'Sea side');
});

t.test('a second file in one upload is refused for what it is', async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const form = new FormData();
  form.append('file', new Blob([fixture('nokia-starfish-gps.jpg')]), 'a.jpg');
  form.append('file', new Blob([fixture('nokia-starfish-gps.jpg')]), 'b.jpg');
  const res = await alice.json('POST', '/photos', form);
  t.equal(res.status, 413);
  t.equal(res.body.error.code, 'too_many_files');
  t.match(res.body.error.message, /one photo per upload/);
  t.same((await alice.json('GET', '/photos')).body.items, [], 'nothing kept');
});

t.test('request ids are the server’s own; a client’s id is only logged beside it', async (t) => {
  const { url } = await startTestService(t);
  const first = await fetch(new URL('/healthz', url), { headers: { 'x-request-id': 'reused-id' } });
  const second = await fetch(new URL('/healthz', url), { headers: { 'x-request-id': 'reused-id' } });
  const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
  t.notOk(ids.includes('reused-id'), 'the client’s id is not taken as ours');
  t.match(ids[0], /^[A-Za-z0-9_-]{22}$/);
  t.not(ids[0], ids[1], 'two requests, two ids, whatever the client sent');
});

t.test('a request that stops sending is answered 408 and leaves nothing; one that trickles on is served', async (t) => {
  const { url, dataDir } = await startTestService(t, { REQUEST_IDLE_SECONDS: '1' });
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const incoming = path.join(dataDir, 'blobs', '.incoming');
  const boundary = 'XYZ';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n`;
  const photo = fixture('nokia-starfish-gps.jpg');

  const stalled = await rawRequest(
    url,
    `POST /photos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.accessToken}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + photo.length + 100}\r\n\r\n`,
    Buffer.concat([Buffer.from(head), photo.subarray(0, 50_000)]),
  );
  t.equal(stalled.status, 408, 'an upload whose body stops');
  t.ok(isEnvelope(stalled.text, 'request_timeout'), stalled.text);
  t.match(stalled.headers, /connection: close/i);
  t.ok(await waitFor(() => fs.readdirSync(incoming).length === 0, { timeoutMs: 5000 }), 'its temp file is removed');
  t.same((await alice.json('GET', '/photos')).body.items, [], 'and no photo was recorded');

  const short = await rawRequest(
    url,
    'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    '{"email":',
  );
  t.equal(short.status, 408, 'a Content-Length larger than the body sent');
  t.ok(isEnvelope(short.text, 'request_timeout'), short.text);

  // 300 ms between chunks, 3 s in all: slow, but never idle for a second.
  const body = Buffer.concat([Buffer.from(head), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const chunks = Array.from({ length: 10 }, (_, i) =>
    body.subarray(Math.floor((i * body.length) / 10), Math.floor(((i + 1) * body.length) / 10)),
  );
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(new URL('/photos', url), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    const send = (i: number) => {
      if (i === chunks.length) return req.end();
      req.write(chunks[i]);
      setTimeout(() => send(i + 1), 300);
    };
    send(0);
  });
  t.equal(status, 201, 'a slow upload that keeps sending is received');
});

t.test('an idle keep-alive connection is closed after KEEP_ALIVE_SECONDS, and reused until then', async (t) => {
  const { url } = await startTestService(t, { KEEP_ALIVE_SECONDS: '1' });
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      resolve(performance.now());
    }),
  );
  const get = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  socket.write(get);
  t.ok(await waitFor(() => received.includes('"status":"ok"')), 'a first answer');
  socket.write(get);
  t.ok(await waitFor(() => received.split('"status":"ok"').length === 3), 'a second on the same connection');
  const idleSince = performance.now();
  t.match(received, /keep-alive: timeout=1/i, 'the server says how long it keeps an idle connection');
  const closedAt = await closed;
  t.ok(closedAt - idleSince < 5000, `then closed by the server (${Math.round(closedAt - idleSince)} ms idle)`);
});
