import { Readable } from 'node:stream';
import t from 'tap';
import { buildTestApp, injectJson, type TestApp } from '../helpers/app.js';

async function sharedPhoto(t: Parameters<typeof buildTestApp>[0]) {
  const testApp = await buildTestApp(t);
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
  t.notOk('url' in list.body.items[0], 'the link is shown once, never listed');
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
