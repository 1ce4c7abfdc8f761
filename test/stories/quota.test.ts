import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import t from 'tap';
import { Client } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

const BOUNDARY = 'quota-test-boundary';

/** An upload sent with chunked transfer encoding: no Content-Length, so only the stream can tell its size. */
function chunkedUpload(url: string, token: string, photo: Buffer): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL('/photos', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
    });
    req.on('error', reject);
    req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n\r\n`);
    for (let at = 0; at < photo.length; at += 64 * 1024) req.write(photo.subarray(at, at + 64 * 1024));
    req.end(`\r\n--${BOUNDARY}--\r\n`);
  });
}

t.test('QUOTA_BYTES: what a library may hold, shown by GET /me and held at upload', async (t) => {
  const small = fixture('nokia-starfish-gps.jpg'); // 329 KB
  const quota = 900_000; // two of it fit, not three
  const { url, dataDir } = await startTestService(t, { QUOTA_BYTES: String(quota), LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const originals = () =>
    fs.readdirSync(path.join(dataDir, 'blobs', 'originals'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .length;

  t.same((await ann.json('GET', '/me')).body, {
    userId: (await ann.json('GET', '/me')).body.userId,
    email: 'ann@example.com',
    usage: { photos: 0, bytes: 0 },
    quotaBytes: quota,
  });
  const first = await ann.upload(distinctJpeg(small, 1), 'one.jpg');
  const second = await ann.upload(distinctJpeg(small, 2), 'two.jpg');
  t.same([first.status, second.status], [201, 201]);
  const used = Number(first.body.size) + Number(second.body.size);
  t.same((await ann.json('GET', '/me')).body.usage, { photos: 2, bytes: used });

  const early = await ann.upload(distinctJpeg(small, 3), 'three.jpg');
  t.equal(early.status, 403, 'a third does not fit');
  t.equal(early.body.error.code, 'quota_exceeded');
  t.match(early.body.error.message, /quota of 900,000 bytes/);
  const bigger = Buffer.concat([small, Buffer.alloc(1024 * 1024)]); // a JPEG with trailing bytes
  const farOver = await ann.upload(bigger, 'bigger.jpg');
  t.equal(farOver.status, 403);
  t.equal(farOver.headers.get('connection'), 'close', 'far over: refused from its Content-Length, its body left unread');

  const chunked = await chunkedUpload(url, ann.accessToken!, bigger);
  t.equal(chunked.status, 403, 'without a Content-Length: refused once the stream passes the quota');
  t.equal(chunked.body.error.code, 'quota_exceeded');
  t.equal(originals(), 2, 'nothing kept of the refused uploads');
  t.same((await ann.json('GET', '/me')).body.usage, { photos: 2, bytes: used });

  t.equal((await ann.request('DELETE', `/photos/${first.body.photoId}`)).status, 204);
  t.same((await ann.json('GET', '/me')).body.usage, { photos: 2, bytes: used }, 'the trash still counts');
  t.equal((await ann.upload(distinctJpeg(small, 3), 'three.jpg')).status, 403, 'so it makes no room');
  t.equal((await ann.request('DELETE', `/trash/${first.body.photoId}`)).status, 204);
  t.equal((await ann.upload(distinctJpeg(small, 3), 'three.jpg')).status, 201, 'a purge makes room');

  const bob = new Client(url);
  await bob.signUpAndLogin('bob@example.com');
  t.equal((await bob.upload(small, 'bob.jpg')).status, 201, 'each library has its own quota');
  t.equal((await new Client(url).json('GET', '/me')).status, 401);
});
