import t from 'tap';
import { buildTestApp, injectJson } from '../helpers/app.js';

t.test('GET /photos pages a library newest first, with cursors bound to their user', async (t) => {
  const { app, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.unshift((await readyPhoto(ana.userId)).photoId);
    clock.advance(1000);
  }
  const first = await injectJson(app, { url: '/photos?limit=2', headers: ana.headers });
  t.equal(first.status, 200);
  t.same(
    first.body.items.map((p: { photoId: string }) => p.photoId),
    ids.slice(0, 2),
    'newest first',
  );
  t.type(first.body.nextCursor, 'string');
  const second = await injectJson(app, { url: `/photos?limit=2&cursor=${first.body.nextCursor}`, headers: ana.headers });
  t.same(
    second.body.items.map((p: { photoId: string }) => p.photoId),
    ids.slice(2, 4),
  );

  const bo = await signIn('bo@example.com');
  const stolen = await injectJson(app, { url: `/photos?cursor=${first.body.nextCursor}`, headers: bo.headers });
  t.equal(stolen.status, 400, "another user's cursor is refused");
  t.equal(stolen.body.error.code, 'invalid_cursor');
  t.same(
    (await injectJson(app, { url: '/photos', headers: bo.headers })).body,
    { items: [], nextCursor: null },
    'libraries do not mix',
  );
});

t.test('GET /photos refuses what its schema does not allow', async (t) => {
  const { app, signIn } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  for (const query of ['limit=0', 'limit=201', 'limit=abc', 'unknown=1', `cursor=${'x'.repeat(600)}`, 'cursor=not-a-cursor']) {
    const res = await injectJson(app, { url: `/photos?${query}`, headers: ana.headers });
    t.equal(res.status, 400, query);
    t.match(res.body.error, { code: /invalid_request|invalid_cursor/, message: /./ }, `${query}: the error envelope`);
  }
  t.equal((await app.inject({ url: '/photos' })).statusCode, 401, 'no token');
  t.equal((await app.inject({ url: '/photos', headers: { authorization: 'Bearer nonsense' } })).statusCode, 401, 'a bad token');
});

t.test("another user's photo is a 404 on every route, exactly like a missing one", async (t) => {
  const { app, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const bo = await signIn('bo@example.com');
  const photo = await readyPhoto(ana.userId);
  const requests = [
    { method: 'GET', url: `/photos/${photo.photoId}` },
    { method: 'PATCH', url: `/photos/${photo.photoId}`, payload: { title: 'mine now' } },
    { method: 'DELETE', url: `/photos/${photo.photoId}` },
    { method: 'GET', url: `/photos/${photo.photoId}/original` },
    { method: 'POST', url: `/photos/${photo.photoId}/share`, payload: {} },
    { method: 'GET', url: `/photos/${photo.photoId}/shares` },
  ] as const;
  for (const request of requests) {
    const theirs = await injectJson(app, { ...request, headers: bo.headers });
    const missing = await injectJson(app, {
      ...request,
      url: request.url.replace(photo.photoId, 'AAAAAAAAAAAAAAAAAAAAAA'),
      headers: bo.headers,
    });
    t.equal(theirs.status, 404, `${request.method} ${request.url}`);
    t.same(theirs.body, missing.body, 'the same answer as for a photo that does not exist');
  }
  t.equal((await injectJson(app, { url: `/photos/${photo.photoId}`, headers: ana.headers })).body.title, '', 'untouched');
});

t.test('PATCH /photos/:id cleans what it stores and stamps the time', async (t) => {
  const { app, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const photo = await readyPhoto(ana.userId);
  clock.advance(60_000);
  const edited = await injectJson(app, {
    method: 'PATCH',
    url: `/photos/${photo.photoId}`,
    headers: ana.headers,
    payload: { title: '  Beach  ', tags: 'Sea, sea ,SUMMER,' },
  });
  t.equal(edited.status, 200);
  t.match(edited.body, { title: 'Beach', tags: ['sea', 'summer'], updatedAt: clock.now().toISOString() });

  const refused = async (payload: unknown, what: string) => {
    const res = await injectJson(app, {
      method: 'PATCH',
      url: `/photos/${photo.photoId}`,
      headers: ana.headers,
      payload: payload as object,
    });
    t.equal(res.status, 400, what);
    t.type(res.body.error.message, 'string');
  };
  await refused({}, 'nothing to change');
  await refused({ owner: 'bo' }, 'an unknown field');
  await refused({ title: 'x'.repeat(201) }, 'a title too long');
  await refused({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'too many tags');
});

t.test('DELETE /photos/:id moves the photo to the trash; DELETE /trash/:id removes the record and its blobs', async (t) => {
  const { app, adapters, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const photo = await readyPhoto(ana.userId);
  const { Readable } = await import('node:stream');
  await adapters.blobs.put(photo.originalKey, Readable.from([Buffer.from('original')]), 'image/jpeg');
  await adapters.blobs.put(photo.variants.preview!.key, Readable.from([Buffer.from('preview')]), 'image/jpeg');

  t.equal((await app.inject({ method: 'DELETE', url: `/photos/${photo.photoId}`, headers: ana.headers })).statusCode, 204);
  t.equal((await app.inject({ url: `/photos/${photo.photoId}`, headers: ana.headers })).statusCode, 404, 'out of the library');
  t.ok(await adapters.blobs.stat(photo.originalKey), 'kept in the trash');
  t.equal((await app.inject({ method: 'DELETE', url: `/trash/${photo.photoId}`, headers: ana.headers })).statusCode, 204);
  t.equal(await adapters.photos.get(photo.photoId), null, 'the record is gone');
  t.equal(await adapters.blobs.stat(photo.originalKey), null, 'the original is gone');
  t.equal(await adapters.blobs.stat(photo.variants.preview!.key), null, 'the variants are gone');
  t.equal((await app.inject({ url: `/photos/${photo.photoId}`, headers: ana.headers })).statusCode, 404);
});

t.test('GET /photos/:id/original redirects to a five-minute URL, or names it for JSON clients', async (t) => {
  const { app, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const photo = await readyPhoto(ana.userId);
  const redirect = await app.inject({ url: `/photos/${photo.photoId}/original`, headers: ana.headers });
  t.equal(redirect.statusCode, 302);
  t.match(redirect.headers.location, /^http:\/\/photoshare\.test\/cdn\/originals\//);
  t.equal(redirect.headers['cache-control'], 'no-store');
  const named = await injectJson(app, {
    url: `/photos/${photo.photoId}/original`,
    headers: { ...ana.headers, accept: 'application/json' },
  });
  t.equal(named.status, 200);
  t.equal(named.body.expiresAt, new Date(clock.now().getTime() + 300_000).toISOString());
});

t.test('PATCH tags: commas separate tags in a string and in an array alike', async (t) => {
  const { app, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const photo = await readyPhoto(ana.userId);
  const patch = (tags: unknown) =>
    injectJson(app, { method: 'PATCH', url: `/photos/${photo.photoId}`, headers: ana.headers, payload: { tags } });
  t.same((await patch('rock, paper')).body.tags, ['rock', 'paper']);
  t.same((await patch(['rock, paper'])).body.tags, ['rock', 'paper']);
  t.same((await patch(['Rock', 'scissors, rock'])).body.tags, ['rock', 'scissors']);
  t.same((await patch([])).body.tags, [], 'an empty list clears them');
});

t.test('favourites: PATCH {favorite}, then GET /photos?favorite=true lists only them, newest first', async (t) => {
  const { app, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    ids.unshift((await readyPhoto(ana.userId)).photoId);
    clock.advance(1000);
  }
  const listed = async (url: string) =>
    (await injectJson(app, { url, headers: ana.headers })).body.items.map((p: { photoId: string }) => p.photoId);
  t.same(await listed('/photos?favorite=true'), [], 'none yet');
  t.same(await listed('/photos'), ids, 'the whole library, remembered by the page cache');

  const marked = await injectJson(app, {
    method: 'PATCH',
    url: `/photos/${ids[1]}`,
    payload: { favorite: true },
    headers: ana.headers,
  });
  t.equal(marked.status, 200);
  t.equal(marked.body.favorite, true);
  await injectJson(app, { method: 'PATCH', url: `/photos/${ids[3]}`, payload: { favorite: true }, headers: ana.headers });
  t.equal(
    (await injectJson(app, { url: `/photos/${ids[0]}`, headers: ana.headers })).body.favorite,
    false,
    'false unless marked',
  );

  t.same(await listed('/photos?favorite=true'), [ids[1], ids[3]], 'only the favourites, newest first');
  t.same(await listed('/photos?favorite=false'), ids, 'false is the whole library');
  const page = await injectJson(app, { url: '/photos?favorite=true&limit=1', headers: ana.headers });
  t.same(await listed(`/photos?favorite=true&limit=1&cursor=${page.body.nextCursor}`), [ids[3]], 'and paged');

  await injectJson(app, { method: 'PATCH', url: `/photos/${ids[1]}`, payload: { favorite: false }, headers: ana.headers });
  t.same(await listed('/photos?favorite=true'), [ids[3]], 'unmarked, it leaves the list at once');

  for (const bad of ['favorite=maybe', 'favorite=']) {
    t.equal((await injectJson(app, { url: `/photos?${bad}`, headers: ana.headers })).status, 400, bad);
  }
  const notBoolean = await injectJson(app, {
    method: 'PATCH',
    url: `/photos/${ids[0]}`,
    payload: { favorite: 'yes' },
    headers: ana.headers,
  });
  t.equal(notBoolean.status, 400);
});
