import { Readable } from 'node:stream';
import t from 'tap';
import { buildTestApp, injectJson, type TestApp } from '../helpers/app.js';

async function sharedPhoto(t: Parameters<typeof buildTestApp>[0], env: Record<string, string> = {}) {
  const testApp = await buildTestApp(t, env);
  const ana = await testApp.signIn('ana@example.com');
  const photo = await testApp.readyPhoto(ana.userId);
  await testApp.adapters.blobs.put(photo.variants.preview!.key, Readable.from([Buffer.from('preview bytes')]), 'image/jpeg');
  return { ...testApp, ana, photo };
}

const share = (app: TestApp['app'], photoId: string, headers: object, payload: object | null = {}) =>
  injectJson(app, {
    method: 'POST',
    url: `/photos/${photoId}/share`,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

t.test('a share link serves the photo until it expires, by the clock the service is given', async (t) => {
  const { app, clock, ana, photo } = await sharedPhoto(t);
  const created = await share(app, photo.photoId, ana.headers, { expiresInSeconds: 60 });
  t.equal(created.status, 201);
  t.match(created.body, {
    photoId: photo.photoId,
    variant: 'preview',
    state: 'live',
    views: 0,
    revokedAt: null,
    url: /^http:\/\/photoshare\.test\/s\/[A-Za-z0-9_-]{43}$/,
  });
  t.equal(created.body.expiresAt, new Date(clock.now().getTime() + 60_000).toISOString());
  const path = new URL(created.body.url).pathname;

  const served = await app.inject({ url: path });
  t.equal(served.statusCode, 200);
  t.equal(served.body, 'preview bytes');
  t.equal(served.headers['cache-control'], 'private, no-cache', 'browsers revalidate, so revoking works at once');
  t.equal(served.headers['referrer-policy'], 'no-referrer');
  t.equal(served.headers['x-content-type-options'], 'nosniff', 'the image is never sniffed into something else');
  t.equal((await app.inject({ url: path, headers: { 'if-none-match': '"preview"' } })).statusCode, 304, 'its ETag revalidates');

  clock.advance(59_000);
  t.equal((await app.inject({ url: path })).statusCode, 200, 'a second before expiry');
  clock.advance(1_000);
  const expired = await injectJson(app, { url: path });
  t.equal(expired.status, 410);
  t.equal(expired.body.error.code, 'expired');
  const list = await injectJson(app, { url: `/photos/${photo.photoId}/shares`, headers: ana.headers });
  t.match(list.body.items, [{ shareId: created.body.shareId, state: 'expired' }]);
  t.equal(list.body.items[0].url, null, 'an expired link is listed without its URL');
});

t.test('revoking stops a link at once; browsers get a page, API clients JSON', async (t) => {
  const { app, clock, ana, photo } = await sharedPhoto(t);
  const created = await share(app, photo.photoId, ana.headers, null);
  t.equal(created.status, 201, 'a null body takes the defaults');
  t.equal(created.body.expiresAt, new Date(clock.now().getTime() + 86_400_000).toISOString(), 'one day by default');
  const path = new URL(created.body.url).pathname;

  t.equal((await app.inject({ method: 'DELETE', url: `/shares/${created.body.shareId}`, headers: ana.headers })).statusCode, 204);
  const refused = await injectJson(app, { url: path });
  t.equal(refused.status, 410);
  t.equal(refused.body.error.code, 'revoked');
  const page = await app.inject({ url: path, headers: { accept: 'text/html' } });
  t.equal(page.statusCode, 410);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /Link no longer available/);
  t.match(page.headers['content-security-policy'], /default-src 'none'/);
  const listed = await injectJson(app, { url: `/photos/${photo.photoId}/shares`, headers: ana.headers });
  t.match(listed.body.items, [{ state: 'revoked', revokedAt: clock.now().toISOString() }]);

  const unknown = await injectJson(app, { url: '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  t.equal(unknown.status, 404);
  t.equal((await app.inject({ url: '/s/short' })).statusCode, 404, 'a malformed token is not looked up');
});

t.test('only a ready, unflagged photo of your own can be shared, within the limits', async (t) => {
  const { app, adapters, signIn, readyPhoto, ana, photo } = await sharedPhoto(t);
  const { newPhoto } = await import('../helpers/factories.js');
  const processing = newPhoto({ userId: ana.userId });
  await adapters.photos.create(processing);
  const notReady = await share(app, processing.photoId, ana.headers);
  t.equal(notReady.status, 409);
  t.equal(notReady.body.error.code, 'photo_not_ready');

  const flagged = await readyPhoto(ana.userId, { moderation: [{ name: 'Violence', confidence: 99 }] });
  const refused = await share(app, flagged.photoId, ana.headers);
  t.equal(refused.status, 403);
  t.equal(refused.body.error.code, 'moderation_flagged');

  for (const body of [
    { expiresInSeconds: 0 },
    { expiresInSeconds: 7 * 86_400 + 1 },
    { expiresInSeconds: 1.5 },
    { variant: 'raw' },
    { extra: true },
  ]) {
    t.equal((await share(app, photo.photoId, ana.headers, body)).status, 400, JSON.stringify(body));
  }

  const bo = await signIn('bo@example.com');
  const created = await share(app, photo.photoId, ana.headers);
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/shares/${created.body.shareId}`, headers: bo.headers })).statusCode,
    404,
    "another user's share is a 404",
  );
  const odd = await app.inject({ method: 'DELETE', url: '/shares/not.an~id', headers: ana.headers });
  t.equal(odd.statusCode, 404, 'an id that is none of ours is not found, as before');
  t.equal((await app.inject({ url: new URL(created.body.url).pathname })).statusCode, 200, 'and it still works');
});

// The tests below make more than a burst of requests on a clock that stands still: no request rate limit.
const UNLIMITED = { RATE_LIMITS: 'off' };

const listShares = (app: TestApp['app'], photoId: string, headers: Record<string, string>, query = '') =>
  injectJson(app, { url: `/photos/${photoId}/shares${query ? `?${query}` : ''}`, headers });

t.test('a photo has at most 100 live links: the 101st is refused until one is revoked or expires', async (t) => {
  const { app, clock, ana, photo } = await sharedPhoto(t, UNLIMITED);
  for (let i = 0; i < 100; i++) {
    const created = await share(app, photo.photoId, ana.headers, { expiresInSeconds: i < 10 ? 60 : 3600 });
    if (created.status !== 201) t.fail(`link ${i + 1} answered ${created.status}`);
  }
  const refused = await share(app, photo.photoId, ana.headers);
  t.equal(refused.status, 409, 'the 101st live link');
  t.equal(refused.body.error.code, 'too_many_shares');
  t.match(refused.body.error.message, /100 live share links.*revoke some/);
  t.equal((await listShares(app, photo.photoId, ana.headers, 'limit=100')).body.nextCursor, null, 'and it was not recorded');

  clock.advance(60_000);
  for (let i = 0; i < 10; i++)
    t.equal((await share(app, photo.photoId, ana.headers)).status, 201, 'expired links free their places');
  t.equal((await share(app, photo.photoId, ana.headers)).status, 409, 'full again');

  const page = await listShares(app, photo.photoId, ana.headers, 'limit=1');
  const newest = page.body.items[0];
  t.equal((await app.inject({ method: 'DELETE', url: `/shares/${newest.shareId}`, headers: ana.headers })).statusCode, 204);
  t.equal((await share(app, photo.photoId, ana.headers)).status, 201, 'a revoked link frees its place');
  t.equal((await share(app, photo.photoId, ana.headers)).status, 409);
  t.equal((await app.inject({ method: 'DELETE', url: `/shares/${newest.shareId}`, headers: ana.headers })).statusCode, 204);
  t.equal((await share(app, photo.photoId, ana.headers)).status, 409, 'revoking the same link again frees no second place');
});

t.test('two creates racing for the last place: exactly one gets it', async (t) => {
  const { app, ana, photo } = await sharedPhoto(t, UNLIMITED);
  for (let i = 0; i < 99; i++) await share(app, photo.photoId, ana.headers);
  const both = await Promise.all([share(app, photo.photoId, ana.headers), share(app, photo.photoId, ana.headers)]);
  t.same(both.map((r) => r.status).sort(), [201, 409]);
});

t.test('GET /photos/:id/shares pages every link exactly once, newest first, even when all share one instant', async (t) => {
  const { app, clock, ana, photo } = await sharedPhoto(t, UNLIMITED);
  // The ManualClock stands still: every link below is created at the same instant.
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) {
    if (i === 100) {
      // 100 live is the most; revoking 20 makes room for the last 20 at the same instant.
      for (const id of ids.slice(0, 20)) await app.inject({ method: 'DELETE', url: `/shares/${id}`, headers: ana.headers });
    }
    const created = await share(app, photo.photoId, ana.headers);
    t.equal(created.status, 201);
    ids.push(created.body.shareId);
  }
  t.ok(
    ids.every((id, i) => i === 0 || id !== ids[i - 1]),
    'sanity: distinct ids',
  );

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: Awaited<ReturnType<typeof listShares>> = await listShares(
      app,
      photo.photoId,
      ana.headers,
      `limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    t.equal(res.status, 200);
    t.ok(res.body.items.length <= 7);
    seen.push(...res.body.items.map((s: { shareId: string }) => s.shareId));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  t.equal(pages, Math.ceil(120 / 7));
  t.equal(seen.length, 120, 'every link');
  t.equal(new Set(seen).size, 120, 'none twice');
  t.same([...seen].sort(), [...ids].sort(), 'exactly the links made');

  const first = await listShares(app, photo.photoId, ana.headers);
  t.equal(first.body.items.length, 50, '50 by default');
  t.type(first.body.nextCursor, 'string');
  t.match(first.body.items[0], { photoId: photo.photoId, state: /live|revoked/, views: 0 });
  t.equal((await listShares(app, photo.photoId, ana.headers, 'limit=100')).body.items.length, 100);

  clock.advance(1000);
  const newest = await share(app, photo.photoId, ana.headers);
  t.equal(newest.status, 409, 'still 100 live');
  await app.inject({ method: 'DELETE', url: `/shares/${ids[119]}`, headers: ana.headers });
  const latest = await share(app, photo.photoId, ana.headers);
  t.equal(
    (await listShares(app, photo.photoId, ana.headers, 'limit=1')).body.items[0].shareId,
    latest.body.shareId,
    'newest first',
  );
});

t.test('share cursors: refused when altered, or from another listing or user; bad limits; 404 for another user', async (t) => {
  const { app, signIn, readyPhoto, ana, photo } = await sharedPhoto(t, UNLIMITED);
  const second = await readyPhoto(ana.userId);
  for (let i = 0; i < 3; i++) {
    await share(app, photo.photoId, ana.headers);
    await share(app, second.photoId, ana.headers);
  }
  const page = await listShares(app, photo.photoId, ana.headers, 'limit=1');
  const cursor: string = page.body.nextCursor;
  t.type(cursor, 'string');
  t.equal((await listShares(app, photo.photoId, ana.headers, `limit=1&cursor=${encodeURIComponent(cursor)}`)).status, 200);

  const bo = await signIn('bo@example.com');
  const bosPhoto = await readyPhoto(bo.userId);
  await share(app, bosPhoto.photoId, bo.headers);
  await share(app, bosPhoto.photoId, bo.headers);
  const bosCursor: string = (await listShares(app, bosPhoto.photoId, bo.headers, 'limit=1')).body.nextCursor;
  const libraryCursor: string = (await injectJson(app, { url: '/photos?limit=1', headers: ana.headers })).body.nextCursor;
  t.type(libraryCursor, 'string');

  const [body, mac] = cursor.split('.');
  const forged = Buffer.from(JSON.stringify(['2099-01-01T00:00:00.000Z', 'x', 'shares', photo.photoId])).toString('base64url');
  const refused: Record<string, [string, string]> = {
    'a changed MAC': [photo.photoId, `${body}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`],
    'a changed body': [photo.photoId, `${forged}.${mac}`],
    'no MAC': [photo.photoId, body!],
    garbage: [photo.photoId, 'garbage'],
    "another photo's share cursor": [second.photoId, cursor],
    'a library cursor': [photo.photoId, libraryCursor],
    "another user's share cursor": [photo.photoId, bosCursor],
  };
  for (const [what, [photoId, bad]] of Object.entries(refused)) {
    const res = await listShares(app, photoId, ana.headers, `cursor=${encodeURIComponent(bad)}`);
    t.equal(res.status, 400, what);
    t.equal(res.body.error.code, 'invalid_cursor', what);
  }
  const asLibrary = await injectJson(app, { url: `/photos?cursor=${encodeURIComponent(cursor)}`, headers: ana.headers });
  t.equal(asLibrary.status, 400, 'a share cursor is no library cursor');
  t.equal(asLibrary.body.error.code, 'invalid_cursor');

  for (const query of ['limit=0', 'limit=101', 'limit=ten', 'unknown=1', `cursor=${'x'.repeat(600)}`]) {
    const res = await listShares(app, photo.photoId, ana.headers, query);
    t.equal(res.status, 400, query);
    t.equal(res.body.error.code, 'invalid_request', query);
  }

  for (const query of ['', `cursor=${encodeURIComponent(cursor)}`]) {
    const theirs = await listShares(app, photo.photoId, bo.headers, query);
    t.equal(theirs.status, 404, `another user's photo is a 404 (${query || 'no cursor'})`);
    t.equal(theirs.body.error.code, 'not_found');
  }
});
