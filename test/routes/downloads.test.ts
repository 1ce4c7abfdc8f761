import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import type { Photo } from '../../src/domain/photo.js';
import { buildTestApp, injectJson } from '../helpers/app.js';
import { unzip } from '../helpers/unzip.js';

const TICKET_URL = /^\/downloads\/[A-Za-z0-9_-]{43}$/;

async function setup(t: Test) {
  const testApp = await buildTestApp(t, { RATE_LIMITS: 'off' });
  const { adapters, readyPhoto } = testApp;
  /** A ready photo with an original of its own bytes. */
  const photoWith = async (userId: string, filename: string): Promise<{ photo: Photo; bytes: Buffer }> => {
    const photo = await readyPhoto(userId, { filename });
    const bytes = randomBytes(2000 + Math.floor(Math.random() * 1000));
    await adapters.blobs.put(photo.originalKey, Readable.from([bytes]), 'application/octet-stream');
    return { photo, bytes };
  };
  return { ...testApp, photoWith };
}

t.test('POST /downloads, then GET its URL without a token: a zip of the originals, stored, names made unique', async (t) => {
  const { app, clock, signIn, photoWith, undeclared } = await setup(t);
  clock.set(new Date('2026-11-26T23:59:00Z'));
  const ana = await signIn('ana@example.com');
  const a1 = await photoWith(ana.userId, 'a.jpg');
  const a2 = await photoWith(ana.userId, 'a.jpg');
  const a3 = await photoWith(ana.userId, 'A.JPG');
  const b = await photoWith(ana.userId, 'b.png');
  const made = await injectJson(app, {
    method: 'POST',
    url: '/downloads',
    headers: ana.headers,
    payload: { photoIds: [a1, a2, a3, b].map((p) => p.photo.photoId) },
  });
  t.equal(made.status, 201);
  t.match(made.body.url, TICKET_URL, 'a same-origin path');
  t.equal(made.body.expiresAt, new Date(clock.now().getTime() + 300_000).toISOString(), 'valid 5 minutes');
  t.equal(made.headers['cache-control'], 'no-store');

  clock.advance(299_000);
  const res = await app.inject({ url: made.body.url });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/zip');
  t.equal(res.headers['content-disposition'], 'attachment; filename="photoshare-2026-11-27.zip"', 'named for the day it is made');
  t.match(res.headers['cache-control'], /no-store/);
  const entries = unzip(res.rawPayload);
  t.same(
    entries.map((e) => e.name),
    ['a.jpg', 'a (2).jpg', 'A (3).JPG', 'b.png'],
    'in the order asked, names unique without regard to case',
  );
  t.same(
    entries.map((e) => e.method),
    ['Stored', 'Stored', 'Stored', 'Stored'],
    'not deflated',
  );
  for (const [i, p] of [a1, a2, a3, b].entries())
    t.ok(entries[i]!.bytes.equals(p.bytes), `${entries[i]!.name}: the original's bytes`);

  t.equal((await app.inject({ url: made.body.url })).statusCode, 200, 'usable again within its 5 minutes');
  t.equal((await app.inject({ method: 'HEAD', url: made.body.url })).statusCode, 404, 'no HEAD (it would read every original)');
  clock.advance(1000);
  const expired = await injectJson(app, { url: made.body.url });
  t.equal(expired.status, 404, 'expired');
  t.equal(expired.body.error.code, 'not_found');
  t.same(undeclared, []);
});

t.test('one photo: its original as an attachment under its own name, safely quoted', async (t) => {
  const { app, signIn, photoWith } = await setup(t);
  const ana = await signIn('ana@example.com');
  const plain = await photoWith(ana.userId, 'IMG_0001.HEIC');
  const odd = await photoWith(ana.userId, 'Été "à" 100%.jpg');
  const get = async (photo: Photo) => {
    const made = await injectJson(app, {
      method: 'POST',
      url: '/downloads',
      headers: ana.headers,
      payload: { photoIds: [photo.photoId] },
    });
    t.equal(made.status, 201);
    return app.inject({ url: made.body.url });
  };
  const one = await get(plain.photo);
  t.equal(one.statusCode, 200);
  t.equal(one.headers['content-type'], 'image/jpeg', "the photo's type");
  t.equal(one.headers['content-disposition'], 'attachment; filename="IMG_0001.HEIC"');
  t.equal(Number(one.headers['content-length']), plain.bytes.length);
  t.ok(one.rawPayload.equals(plain.bytes), 'its bytes');
  const quoted = await get(odd.photo);
  t.equal(
    quoted.headers['content-disposition'],
    `attachment; filename="_t_ ___ 100_.jpg"; filename*=UTF-8''%C3%89t%C3%A9%20%22%C3%A0%22%20100%25.jpg`,
  );
});

t.test('POST /downloads: all or nothing; only your photos in the library', async (t) => {
  const { app, signIn, photoWith } = await setup(t);
  const ana = await signIn('ana@example.com');
  const bo = await signIn('bo@example.com');
  const mine = await photoWith(ana.userId, 'mine.jpg');
  const trashed = await photoWith(ana.userId, 'trashed.jpg');
  const theirs = await photoWith(bo.userId, 'theirs.jpg');
  await injectJson(app, { method: 'DELETE', url: `/photos/${trashed.photo.photoId}`, headers: ana.headers });
  for (const [what, other] of [
    ["another user's photo", theirs.photo.photoId],
    ['a photo in the trash', trashed.photo.photoId],
    ['a photo that does not exist', 'AAAAAAAAAAAAAAAAAAAAAA'],
  ] as const) {
    const res = await injectJson(app, {
      method: 'POST',
      url: '/downloads',
      headers: ana.headers,
      payload: { photoIds: [mine.photo.photoId, other] },
    });
    t.equal(res.status, 404, what);
    t.equal(res.body.error.code, 'not_found');
  }
  for (const [what, payload] of [
    ['no photos', { photoIds: [] }],
    ['501 photos', { photoIds: Array.from({ length: 501 }, (_, i) => `p${i}`) }],
    ['a bad id', { photoIds: ['../x'] }],
    ['an unknown field', { photoIds: [mine.photo.photoId], zip: true }],
    ['no body', undefined],
  ] as const) {
    const res = await injectJson(app, { method: 'POST', url: '/downloads', headers: ana.headers, ...(payload && { payload }) });
    t.equal(res.status, 400, what);
  }
  t.equal((await app.inject({ method: 'POST', url: '/downloads', payload: { photoIds: [mine.photo.photoId] } })).statusCode, 401);
  const dup = await injectJson(app, {
    method: 'POST',
    url: '/downloads',
    headers: ana.headers,
    payload: { photoIds: [mine.photo.photoId, mine.photo.photoId] },
  });
  t.equal(dup.status, 201, 'a photo named twice counts once');
  const single = await app.inject({ url: dup.body.url });
  t.equal(single.headers['content-disposition'], 'attachment; filename="mine.jpg"', 'so it is one photo, not a zip');
});

t.test('GET /downloads/:ticket: wrong tickets are 404; photos trashed or gone since are left out', async (t) => {
  const { app, adapters, signIn, photoWith } = await setup(t);
  const ana = await signIn('ana@example.com');
  const kept = await photoWith(ana.userId, 'kept.jpg');
  const trashedLater = await photoWith(ana.userId, 'trashed.jpg');
  const vanished = await photoWith(ana.userId, 'vanished.jpg');
  const made = await injectJson(app, {
    method: 'POST',
    url: '/downloads',
    headers: ana.headers,
    payload: { photoIds: [kept, trashedLater, vanished].map((p) => p.photo.photoId) },
  });
  for (const url of [
    `/downloads/${'A'.repeat(43)}`,
    '/downloads/short',
    `${made.body.url}x`,
    `/downloads/${encodeURIComponent('..%2f')}`,
  ]) {
    const res = await injectJson(app, { url });
    t.equal(res.status, 404, url);
  }
  t.equal((await app.inject({ url: `/downloads/${'A'.repeat(80)}` })).statusCode, 400, 'a ticket far too long');

  await injectJson(app, { method: 'DELETE', url: `/photos/${trashedLater.photo.photoId}`, headers: ana.headers });
  await adapters.blobs.delete(vanished.photo.originalKey);
  const res = await app.inject({ url: made.body.url });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/zip', 'asked for several: still a zip');
  const entries = unzip(res.rawPayload);
  t.same(
    entries.map((e) => e.name),
    ['kept.jpg'],
    'only what is still there',
  );
  t.ok(entries[0]!.bytes.equals(kept.bytes));

  await injectJson(app, { method: 'DELETE', url: `/photos/${kept.photo.photoId}`, headers: ana.headers });
  t.equal(
    (await app.inject({ url: made.body.url })).statusCode,
    404,
    'none left (the one whose original vanished is no zip of nothing)',
  );
});

t.test('a download of an account being deleted is refused at once', async (t) => {
  const { app, signIn, photoWith } = await setup(t);
  const ana = await signIn('ana@example.com');
  const photo = await photoWith(ana.userId, 'a.jpg');
  const made = await injectJson(app, {
    method: 'POST',
    url: '/downloads',
    headers: ana.headers,
    payload: { photoIds: [photo.photo.photoId] },
  });
  t.equal((await app.inject({ url: made.body.url })).statusCode, 200);
  const deleted = await injectJson(app, {
    method: 'DELETE',
    url: '/me',
    headers: ana.headers,
    payload: { password: 'correct-horse-9' },
  });
  t.equal(deleted.status, 202);
  t.equal((await app.inject({ url: made.body.url })).statusCode, 404, 'the ticket no longer serves');
});
