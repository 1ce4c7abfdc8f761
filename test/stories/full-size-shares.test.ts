import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import { Client, fetchBytes, fetchWhenPrepared } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

t.test('a full-size share is made by the worker; until then its link says so', async (t) => {
  // The API and the worker as two processes of one deployment would be, over one DATA_DIR.
  const api = await startTestService(t, { ROLE: 'api' });
  const startWorker = () => startTestService(t, { ROLE: 'worker', PORT: '0', DATA_DIR: api.dataDir });
  const worker = await startWorker();
  const alice = new Client(api.url);
  await alice.signUpAndLogin('alice@example.com');
  const { body } = await alice.upload(fixture('xiaomi-mi3-13mp.jpg'), 'mi3.jpg');
  const photo = await alice.waitForPhoto(body.photoId);
  t.equal(photo.status, 'ready');
  await worker.stop(); // so that the copy is not made before the link is looked at

  const share = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'original' });
  t.equal(share.status, 201, 'the link is made at once, the copy later');

  const early = await fetchBytes(share.body.url);
  t.equal(early.status, 503);
  t.equal(early.headers.get('retry-after'), '5');
  t.equal(early.headers.get('cache-control'), 'no-store');
  t.same(JSON.parse(early.body.toString()), {
    error: { code: 'preparing', message: 'The full-size photo is still being prepared; try again in a few seconds' },
  });
  const page = await fetchBytes(share.body.url, { accept: 'text/html' });
  t.equal(page.status, 503);
  t.match(
    page.body.toString(),
    /<meta http-equiv="refresh" content="5">.*being prepared/s,
    'a browser is told to wait and retries by itself',
  );
  const processed = path.join(api.dataDir, 'blobs', 'processed');
  const copyMade = () =>
    fs.readdirSync(processed).some((user) => fs.existsSync(path.join(processed, user, photo.photoId, 'full.jpg')));
  t.notOk(copyMade(), 'the API made no copy itself');

  await startWorker(); // a worker again: it finds the job the link asked for
  const full = await fetchWhenPrepared(share.body.url, fetchBytes);
  t.equal(full.status, 200);
  t.ok(copyMade(), 'the worker made it');
  const meta = await sharp(full.body).metadata();
  t.same([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 4208, 3120, undefined], 'full size, no EXIF');
  const shares = await alice.json('GET', `/photos/${photo.photoId}/shares`);
  t.equal(shares.body.items[0].views, 1, 'the visits that waited are not views');
});
