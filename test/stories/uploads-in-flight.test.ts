import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import t from 'tap';
import { Client, waitFor } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

const BOUNDARY = 'XYZ';
const PHOTOS = fixture('nokia-starfish-gps.jpg');
const PHOTO = distinctJpeg(PHOTOS, 0);
const HEAD = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n`);
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** An upload sent up to half its photo (a copy of its own: the same bytes twice are a duplicate), held there until `finish` sends the rest. */
function heldUpload(url: string, token: string, n: number) {
  const PHOTO = distinctJpeg(PHOTOS, n);
  const req = http.request(new URL('/photos', url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': HEAD.length + PHOTO.length + TAIL.length,
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
  });
  const half = Math.floor(PHOTO.length / 2);
  req.write(Buffer.concat([HEAD, PHOTO.subarray(0, half)]));
  return {
    finish: () => {
      req.end(Buffer.concat([PHOTO.subarray(half), TAIL]));
      return status;
    },
  };
}

t.test('a user has at most MAX_UPLOADS_IN_FLIGHT uploads at once; the next waits its turn with a 429', async (t) => {
  const { url, dataDir } = await startTestService(t, { MAX_UPLOADS_IN_FLIGHT: '3', LABELS: 'off' });
  const ann = new Client(url);
  const bob = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  await bob.signUpAndLogin('bob@example.com');
  const incoming = path.join(dataDir, 'blobs', '.incoming');

  const held = [1, 2, 3].map((n) => heldUpload(url, ann.accessToken!, n));
  t.ok(await waitFor(() => fs.existsSync(incoming) && fs.readdirSync(incoming).length === 3), 'three uploads in progress');

  const fourth = await ann.upload(PHOTO, 'fourth.jpg');
  t.match(fourth, { status: 429, body: { error: { code: 'too_many_uploads', message: /At most 3 uploads at once/ } } });
  t.equal(fourth.headers.get('retry-after'), '1');
  t.equal((await bob.upload(PHOTO, 'bob.jpg')).status, 201, "another user's upload is not held back");
  t.equal((await ann.json('GET', '/photos')).status, 200, 'nor are her other requests');

  t.equal(await held[0]!.finish(), 201, 'one of the three finishes');
  t.equal((await ann.upload(PHOTO, 'fourth.jpg')).status, 201, 'and frees a place');
  t.same(await Promise.all(held.slice(1).map((h) => h.finish())), [201, 201]);
  t.equal((await ann.json('GET', '/photos')).body.items.length, 4, 'the refused upload left no photo behind');
});
