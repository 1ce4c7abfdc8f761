import t from 'tap';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import { MAX_ALBUMS_PER_USER, MAX_PHOTOS_PER_ALBUM } from '../../src/domain/album.js';
import { newId } from '../../src/domain/ids.js';
import { buildTestApp, injectJson, type TestApp } from '../helpers/app.js';
import { newPhoto } from '../helpers/factories.js';

type Headers = { authorization: string };

async function newAlbum(app: TestApp['app'], headers: Headers, payload: object = { title: 'Summer' }) {
  const res = await injectJson(app, { method: 'POST', url: '/albums', headers, payload });
  if (res.status !== 201) throw new Error(`POST /albums answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { albumId: string };
}

t.test('an album: create, read, list, rename, fill, list its photos, empty, delete', async (t) => {
  const { app, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const created = await injectJson(app, {
    method: 'POST',
    url: '/albums',
    headers: ana.headers,
    payload: { title: '  Summer\u200B  ', description: ' by the sea ' },
  });
  t.equal(created.status, 201);
  t.same(Object.keys(created.body).sort(), [
    'albumId',
    'coverPhotoId',
    'coverUrl',
    'createdAt',
    'description',
    'photoCount',
    'title',
    'updatedAt',
  ]);
  t.match(created.body, {
    title: 'Summer',
    description: 'by the sea',
    coverPhotoId: null,
    coverUrl: null,
    photoCount: 0,
    createdAt: clock.now().toISOString(),
  });
  const { albumId } = created.body;
  t.match(albumId, /^[A-Za-z0-9_-]{22}$/);
  t.same((await injectJson(app, { url: `/albums/${albumId}`, headers: ana.headers })).body, created.body);

  const photos = [];
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    photos.push(await readyPhoto(ana.userId));
  }
  const [oldest, middle, newest] = photos as [(typeof photos)[0], (typeof photos)[0], (typeof photos)[0]];
  clock.advance(1000);
  const added = await injectJson(app, {
    method: 'POST',
    url: `/albums/${albumId}/photos`,
    headers: ana.headers,
    payload: { photoIds: [oldest.photoId, newest.photoId, newest.photoId] },
  });
  t.equal(added.status, 200);
  t.match(added.body, { photoCount: 2, coverPhotoId: newest.photoId, updatedAt: clock.now().toISOString() });
  t.match(added.body.coverUrl, /thumbnail\.jpg\?.*Signature=/, "the cover's signed thumbnail");
  const again = await injectJson(app, {
    method: 'POST',
    url: `/albums/${albumId}/photos`,
    headers: ana.headers,
    payload: { photoIds: [middle.photoId, newest.photoId] },
  });
  t.match(again, { status: 200, body: { photoCount: 3 } }, 'a photo already in is no error');

  const listed = await injectJson(app, { url: `/albums/${albumId}/photos?limit=2`, headers: ana.headers });
  t.equal(listed.status, 200);
  const fromLibrary = await injectJson(app, { url: '/photos?limit=2', headers: ana.headers });
  t.same(listed.body.items, fromLibrary.body.items, 'presented exactly as the library presents them (same order: no date taken)');
  const rest = await injectJson(app, {
    url: `/albums/${albumId}/photos?limit=2&cursor=${encodeURIComponent(listed.body.nextCursor)}`,
    headers: ana.headers,
  });
  t.same(
    rest.body.items.map((p: { photoId: string }) => p.photoId),
    [oldest.photoId],
  );
  t.equal(rest.body.nextCursor, null);

  const covered = await injectJson(app, {
    method: 'PATCH',
    url: `/albums/${albumId}`,
    headers: ana.headers,
    payload: { title: 'Sea', coverPhotoId: oldest.photoId },
  });
  t.match(covered, { status: 200, body: { title: 'Sea', description: 'by the sea', coverPhotoId: oldest.photoId } });
  const reset = await injectJson(app, {
    method: 'PATCH',
    url: `/albums/${albumId}`,
    headers: ana.headers,
    payload: { coverPhotoId: null },
  });
  t.equal(reset.body.coverPhotoId, newest.photoId, 'null: back to the newest taken');

  const second = await newAlbum(app, ana.headers, { title: 'Winter' });
  const albums = await injectJson(app, { url: '/albums?limit=1', headers: ana.headers });
  t.same(
    albums.body.items.map((a: { albumId: string }) => a.albumId),
    [second.albumId],
    'newest created first',
  );
  const more = await injectJson(app, {
    url: `/albums?limit=1&cursor=${encodeURIComponent(albums.body.nextCursor)}`,
    headers: ana.headers,
  });
  t.match(more.body, { items: [{ albumId, title: 'Sea', photoCount: 3 }], nextCursor: null });

  const removed = await injectJson(app, {
    method: 'DELETE',
    url: `/albums/${albumId}/photos`,
    headers: ana.headers,
    payload: { photoIds: [newest.photoId, middle.photoId] },
  });
  t.match(removed, { status: 200, body: { photoCount: 1, coverPhotoId: oldest.photoId } });

  t.equal((await app.inject({ method: 'DELETE', url: `/albums/${albumId}`, headers: ana.headers })).statusCode, 204);
  t.equal((await app.inject({ url: `/albums/${albumId}`, headers: ana.headers })).statusCode, 404);
  t.equal((await app.inject({ url: `/photos/${oldest.photoId}`, headers: ana.headers })).statusCode, 200, 'its photos stay');
});

t.test("another user's album is a 404 on every route, exactly like a missing one", async (t) => {
  const { app, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const bo = await signIn('bo@example.com');
  const { albumId } = await newAlbum(app, ana.headers);
  const mine = await readyPhoto(bo.userId);
  const requests = [
    { method: 'GET', url: `/albums/${albumId}` },
    { method: 'PATCH', url: `/albums/${albumId}`, payload: { title: 'mine now' } },
    { method: 'DELETE', url: `/albums/${albumId}` },
    { method: 'GET', url: `/albums/${albumId}/photos` },
    { method: 'POST', url: `/albums/${albumId}/photos`, payload: { photoIds: [mine.photoId] } },
    { method: 'DELETE', url: `/albums/${albumId}/photos`, payload: { photoIds: [mine.photoId] } },
  ] as const;
  for (const request of requests) {
    const theirs = await injectJson(app, { ...request, headers: bo.headers });
    const missing = await injectJson(app, { ...request, url: request.url.replace(albumId, newId()), headers: bo.headers });
    t.equal(theirs.status, 404, `${request.method} ${request.url}`);
    t.same(theirs.body, missing.body, 'the same answer as for an album that does not exist');
    t.equal(theirs.body.error.code, 'not_found');
  }
  t.match((await injectJson(app, { url: `/albums/${albumId}`, headers: ana.headers })).body, { title: 'Summer', photoCount: 0 });
  t.same((await injectJson(app, { url: '/albums', headers: bo.headers })).body, { items: [], nextCursor: null });
});

t.test("photos that are not the caller's, missing or in the trash refuse the whole call; nothing changes", async (t) => {
  const { app, dataDir, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const bo = await signIn('bo@example.com');
  const { albumId } = await newAlbum(app, ana.headers);
  const [a, b, c] = [await readyPhoto(ana.userId), await readyPhoto(ana.userId), await readyPhoto(ana.userId)];
  const trashed = await readyPhoto(ana.userId);
  const db = openDatabase(dataDir);
  t.teardown(() => db.close());
  // There is no trash route yet: a photo in the trash is a document with trashedAt.
  db.prepare("UPDATE photos SET doc = json_set(doc, '$.trashedAt', ?) WHERE photo_id = ?").run(
    new Date().toISOString(),
    trashed.photoId,
  );
  const theirs = await readyPhoto(bo.userId);
  const add = (photoIds: string[]) =>
    injectJson(app, { method: 'POST', url: `/albums/${albumId}/photos`, headers: ana.headers, payload: { photoIds } });
  const remove = (photoIds: string[]) =>
    injectJson(app, { method: 'DELETE', url: `/albums/${albumId}/photos`, headers: ana.headers, payload: { photoIds } });
  t.equal((await add([a.photoId, b.photoId])).status, 200);

  for (const [what, id] of [
    ["someone else's photo", theirs.photoId],
    ['a missing photo', newId()],
    ['a photo in the trash', trashed.photoId],
  ] as const) {
    const refused = await add([c.photoId, id]);
    t.match(refused, { status: 404, body: { error: { code: 'not_found', message: /nothing was changed/ } } }, `add ${what}`);
    t.match((await remove([a.photoId, id])).status, 404, `remove ${what}`);
    const cover = await injectJson(app, {
      method: 'PATCH',
      url: `/albums/${albumId}`,
      headers: ana.headers,
      payload: { coverPhotoId: id },
    });
    t.equal(cover.status, 404, `${what} as the cover`);
  }
  const album = await injectJson(app, { url: `/albums/${albumId}`, headers: ana.headers });
  t.equal(album.body.photoCount, 2, 'nothing changed');
  const listed = await injectJson(app, { url: `/albums/${albumId}/photos`, headers: ana.headers });
  t.same(listed.body.items.map((p: { photoId: string }) => p.photoId).sort(), [a.photoId, b.photoId].sort());

  const outside = await injectJson(app, {
    method: 'PATCH',
    url: `/albums/${albumId}`,
    headers: ana.headers,
    payload: { coverPhotoId: c.photoId },
  });
  t.match(outside, { status: 400, body: { error: { code: 'cover_not_in_album' } } }, 'a photo of mine that is not in the album');

  // A photo of the album moved to the trash: not listed, not counted, no longer the cover.
  db.prepare("UPDATE photos SET doc = json_set(doc, '$.trashedAt', ?) WHERE photo_id = ?").run(
    new Date().toISOString(),
    b.photoId,
  );
  t.match((await injectJson(app, { url: `/albums/${albumId}`, headers: ana.headers })).body, {
    photoCount: 1,
    coverPhotoId: a.photoId,
  });
  t.same(
    (await injectJson(app, { url: `/albums/${albumId}/photos`, headers: ana.headers })).body.items.map(
      (p: { photoId: string }) => p.photoId,
    ),
    [a.photoId],
  );
});

t.test('requests the schemas refuse', async (t) => {
  const { app, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const { albumId } = await newAlbum(app, ana.headers);
  const photo = await readyPhoto(ana.userId);
  const ids = (n: number) => Array.from({ length: n }, () => newId());
  const cases = [
    { method: 'POST', url: '/albums', payload: {}, what: 'no title' },
    { method: 'POST', url: '/albums', payload: { title: ' \u200B ' }, what: 'a title that cleans to nothing' },
    { method: 'POST', url: '/albums', payload: { title: 'x'.repeat(201) }, what: 'a title too long' },
    { method: 'POST', url: '/albums', payload: { title: 'x', description: 'x'.repeat(2001) }, what: 'a description too long' },
    { method: 'POST', url: '/albums', payload: { title: 'x', owner: 'bo' }, what: 'an unknown field' },
    { method: 'PATCH', url: `/albums/${albumId}`, payload: {}, what: 'nothing to change' },
    { method: 'PATCH', url: `/albums/${albumId}`, payload: { title: '' }, what: 'an empty title' },
    { method: 'PATCH', url: `/albums/${albumId}`, payload: { photoCount: 9 }, what: 'an unknown field' },
    { method: 'PATCH', url: `/albums/${albumId}`, payload: { coverPhotoId: 'not an id!' }, what: 'a bad cover id' },
    { method: 'GET', url: '/albums/not%20an%20id', what: 'a bad album id' },
    { method: 'GET', url: `/albums/${'a'.repeat(65)}`, what: 'an album id too long' },
    { method: 'GET', url: '/albums?limit=0', what: 'limit 0' },
    { method: 'GET', url: '/albums?limit=101', what: 'limit 101' },
    { method: 'GET', url: '/albums?sort=title', what: 'an unknown query field' },
    { method: 'GET', url: `/albums/${albumId}/photos?limit=201`, what: 'photos limit 201' },
    { method: 'GET', url: '/albums?cursor=nonsense', what: 'a bad cursor' },
    { method: 'POST', url: `/albums/${albumId}/photos`, payload: { photoIds: [] }, what: '0 ids' },
    { method: 'POST', url: `/albums/${albumId}/photos`, payload: { photoIds: ids(501) }, what: '501 ids' },
    { method: 'DELETE', url: `/albums/${albumId}/photos`, payload: { photoIds: [] }, what: '0 ids to remove' },
    { method: 'DELETE', url: `/albums/${albumId}/photos`, payload: { photoIds: ids(501) }, what: '501 ids to remove' },
    { method: 'POST', url: `/albums/${albumId}/photos`, payload: { photoIds: ['bad id'] }, what: 'a bad photo id' },
    {
      method: 'POST',
      url: `/albums/${albumId}/photos`,
      payload: { photoIds: [photo.photoId], all: true },
      what: 'an unknown field',
    },
  ] as const;
  for (const { what, ...request } of cases) {
    const res = await injectJson(app, { ...request, headers: ana.headers });
    t.equal(res.status, 400, `${request.method} ${request.url}: ${what}`);
    t.match(res.body.error, { code: /./, message: /./ }, `${what}: the error envelope`);
  }
  const full = await injectJson(app, {
    method: 'POST',
    url: `/albums/${albumId}/photos`,
    headers: ana.headers,
    payload: { photoIds: [photo.photoId, ...ids(499)] },
  });
  t.equal(full.status, 404, '500 ids are accepted (and refused here only because 499 are not photos)');

  const listing = await injectJson(app, { url: '/albums?limit=1', headers: ana.headers });
  await newAlbum(app, ana.headers);
  const page = await injectJson(app, { url: '/albums?limit=1', headers: ana.headers });
  const photosCursor = await injectJson(app, {
    url: `/albums/${albumId}/photos?cursor=${encodeURIComponent(page.body.nextCursor)}`,
    headers: ana.headers,
  });
  t.match(
    photosCursor,
    { status: 400, body: { error: { code: 'invalid_cursor' } } },
    "the albums listing's cursor is not an album's",
  );
  t.equal(listing.status, 200);
  t.equal((await app.inject({ url: '/albums' })).statusCode, 401, 'no token');
});

t.test(`at most ${MAX_ALBUMS_PER_USER} albums each, ${MAX_PHOTOS_PER_ALBUM} photos per album`, async (t) => {
  const { app, dataDir, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const bo = await signIn('bo@example.com');
  const db = openDatabase(dataDir);
  t.teardown(() => db.close());
  // The stores as they would be after many requests, written directly.
  const insertAlbum = db.prepare(
    "INSERT INTO albums (album_id, user_id, title, description, cover_photo_id, created_at, updated_at) VALUES (?, ?, 'a', '', NULL, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < MAX_ALBUMS_PER_USER - 1; i++)
      insertAlbum.run(newId(), ana.userId, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');
  })();
  const last = await newAlbum(app, ana.headers, { title: 'the last one' });
  const refused = await injectJson(app, { method: 'POST', url: '/albums', headers: ana.headers, payload: { title: 'one more' } });
  t.match(refused, { status: 409, body: { error: { code: 'too_many_albums' } } });
  t.equal(
    (await injectJson(app, { method: 'POST', url: '/albums', headers: bo.headers, payload: { title: 'x' } })).status,
    201,
    'per user',
  );

  const insertPhoto = db.prepare('INSERT INTO photos (photo_id, user_id, created_at, doc) VALUES (?, ?, ?, ?)');
  const insertMember = db.prepare(
    "INSERT INTO album_photos (album_id, photo_id, added_at) VALUES (?, ?, '2020-01-01T00:00:00.000Z')",
  );
  db.transaction(() => {
    for (let i = 0; i < MAX_PHOTOS_PER_ALBUM; i++) {
      const photo = newPhoto({ userId: ana.userId, createdAt: '2020-01-01T00:00:00.000Z' });
      insertPhoto.run(photo.photoId, photo.userId, photo.createdAt, JSON.stringify(photo));
      insertMember.run(last.albumId, photo.photoId);
    }
  })();
  const photo = await readyPhoto(ana.userId);
  const full = await injectJson(app, {
    method: 'POST',
    url: `/albums/${last.albumId}/photos`,
    headers: ana.headers,
    payload: { photoIds: [photo.photoId] },
  });
  t.match(full, { status: 409, body: { error: { code: 'album_full' } } });
  const album = await injectJson(app, { url: `/albums/${last.albumId}`, headers: ana.headers });
  t.match(album.body, { photoCount: MAX_PHOTOS_PER_ALBUM }, 'nothing added');
});
