import t from 'tap';
import type { Photo } from '../../src/domain/photo.js';
import { buildTestApp, injectJson } from '../helpers/app.js';

t.test('GET /photos?order=taken: newest taken first, paged; a cursor continues only its own order', async (t) => {
  const { app, adapters, clock, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  /** A ready photo uploaded now, taken at `takenAt` (null: none, so it sorts by its upload time). */
  const photo = async (takenAt: string | null): Promise<Photo> => {
    const made = await readyPhoto(ana.userId);
    if (takenAt) {
      const { variants, width, height, thumbhash, labels, moderation, camera } = made;
      await adapters.photos.markReady(
        made.photoId,
        {
          variants: variants as never,
          width: width!,
          height: height!,
          thumbhash: thumbhash!,
          labels,
          moderation,
          camera,
          takenAt,
        },
        clock.now(),
      );
    }
    clock.advance(1000);
    return made;
  };
  const old = await photo('2001-01-01T00:00:00Z');
  const none = await photo(null);
  const mid = await photo('2015-06-01T12:00:00+02:00');
  const recent = await photo('2024-01-01T00:00:00');
  const ids = (body: { items: { photoId: string }[] }) => body.items.map((p) => p.photoId);

  const uploaded = await injectJson(app, { url: '/photos', headers: ana.headers });
  t.same(
    ids(uploaded.body),
    [recent, mid, none, old].map((p) => p.photoId),
    'the default: newest uploaded first',
  );
  t.same(
    ids((await injectJson(app, { url: '/photos?order=uploaded', headers: ana.headers })).body),
    ids(uploaded.body),
    'order=uploaded is the default',
  );

  const first = await injectJson(app, { url: '/photos?order=taken&limit=2', headers: ana.headers });
  t.equal(first.status, 200);
  t.same(
    ids(first.body),
    [none, recent].map((p) => p.photoId),
    'newest taken first (no date: its upload time, today)',
  );
  const second = await injectJson(app, {
    url: `/photos?order=taken&limit=2&cursor=${first.body.nextCursor}`,
    headers: ana.headers,
  });
  t.same(
    ids(second.body),
    [mid, old].map((p) => p.photoId),
  );
  t.equal(second.body.nextCursor, null);

  const crossed = await injectJson(app, { url: `/photos?cursor=${first.body.nextCursor}`, headers: ana.headers });
  t.equal(crossed.status, 400, 'a date-taken cursor in upload order');
  t.equal(crossed.body.error.code, 'invalid_cursor');
  const byUpload = await injectJson(app, { url: '/photos?limit=1', headers: ana.headers });
  const back = await injectJson(app, { url: `/photos?order=taken&cursor=${byUpload.body.nextCursor}`, headers: ana.headers });
  t.equal(back.status, 400, 'an upload-order cursor in date-taken order');
  t.equal(back.body.error.code, 'invalid_cursor');

  const filtered = await injectJson(app, { url: '/photos?order=taken&from=2010-01-01&to=2024-01-01', headers: ana.headers });
  t.same(
    ids(filtered.body),
    [recent, mid].map((p) => p.photoId),
    'with filters (to is a whole day, included)',
  );
  await injectJson(app, { method: 'PATCH', url: `/photos/${old.photoId}`, payload: { favorite: true }, headers: ana.headers });
  await injectJson(app, { method: 'PATCH', url: `/photos/${none.photoId}`, payload: { favorite: true }, headers: ana.headers });
  t.same(
    ids((await injectJson(app, { url: '/photos?order=taken&favorite=true', headers: ana.headers })).body),
    [none, old].map((p) => p.photoId),
    'favourites',
  );

  await injectJson(app, { method: 'DELETE', url: `/photos/${recent.photoId}`, headers: ana.headers });
  t.same(
    ids((await injectJson(app, { url: '/photos?order=taken', headers: ana.headers })).body),
    [none, mid, old].map((p) => p.photoId),
    'the trash is not listed',
  );

  const bad = await injectJson(app, { url: '/photos?order=random', headers: ana.headers });
  t.equal(bad.status, 400, 'an unknown order');
  t.equal(bad.body.error.code, 'invalid_request');
});
