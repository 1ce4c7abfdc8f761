import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import path from 'node:path';
import t from 'tap';
import { hashShareToken } from '../../src/domain/share.js';
import { buildTestApp, injectJson } from '../helpers/app.js';

type Listed = { shareId: string; url: string | null; state: string };

t.test('the owner can copy a live link again from the listings; never another user, never a dead link', async (t) => {
  const { app, adapters, clock, dataDir, signIn, readyPhoto } = await buildTestApp(t);
  const ana = await signIn('ana@example.com');
  const bob = await signIn('bob@example.com');
  const photo = await readyPhoto(ana.userId);
  await adapters.blobs.put(photo.variants.preview!.key, Readable.from([Buffer.from('preview bytes')]), 'image/jpeg');
  const post = (url: string, payload: object) => injectJson(app, { method: 'POST', url, headers: ana.headers, payload });
  const list = async (url: string, headers = ana.headers) => {
    const res = await injectJson(app, { url, headers });
    return { status: res.status, items: (res.body.items ?? []) as Listed[] };
  };
  const photoLinks = `/photos/${photo.photoId}/shares`;

  const first = await post(`/photos/${photo.photoId}/share`, { password: 'open sesame', maxViews: 1 });
  clock.advance(1000);
  const second = await post(`/photos/${photo.photoId}/share`, { expiresInSeconds: 3600 });
  t.equal(first.status, 201);
  t.same(
    (await list(photoLinks)).items.map(({ shareId, url }) => ({ shareId, url })),
    [
      { shareId: second.body.shareId, url: second.body.url },
      { shareId: first.body.shareId, url: first.body.url },
    ],
    'each live link is listed with the URL it was made with',
  );

  const raw = new Database(path.join(dataDir, 'photoshare.sqlite'), { readonly: true });
  t.teardown(() => raw.close());
  const token = new URL(first.body.url as string).pathname.split('/s/')[1]!;
  const row = raw.prepare('SELECT token_hash, sealed_token FROM shares WHERE share_id = ?').get(first.body.shareId) as {
    token_hash: string;
    sealed_token: string;
  };
  t.equal(row.token_hash, hashShareToken(token), 'the hash stays the lookup key');
  t.notMatch(row.sealed_token, token, 'the database holds the token sealed, not as it is');

  t.equal((await list(photoLinks, bob.headers)).status, 404, "another user gets nothing of someone else's links");

  const unlocked = await injectJson(app, {
    method: 'POST',
    url: `/s/${token}/unlock`,
    payload: { password: 'open sesame' },
  });
  t.equal(unlocked.status, 200);
  const cookie = String(unlocked.headers['set-cookie']).split(';')[0]!;
  t.equal((await app.inject({ url: `/s/${token}`, headers: { cookie } })).statusCode, 200, 'its one view is used');
  const usedUp = (await list(photoLinks)).items.find((s) => s.shareId === first.body.shareId)!;
  t.match(usedUp, { state: 'used_up', url: null }, 'a used-up link has no URL to copy');

  t.equal((await app.inject({ method: 'DELETE', url: `/shares/${second.body.shareId}`, headers: ana.headers })).statusCode, 204);
  t.match(
    (await list(photoLinks)).items.find((s) => s.shareId === second.body.shareId),
    { state: 'revoked', url: null },
    'a revoked link has none',
  );

  const album = await post('/albums', { title: 'Trip' });
  const albumLink = await post(`/albums/${album.body.albumId}/share`, {});
  t.match((await list(`/albums/${album.body.albumId}/shares`)).items, [{ url: albumLink.body.url, state: 'live' }]);
  t.equal((await list(`/albums/${album.body.albumId}/shares`, bob.headers)).status, 404);

  // A link made before tokens were sealed is listed, but its URL cannot be given again.
  const old = { ...(await adapters.photos.getShare(second.body.shareId))! };
  await adapters.photos.createShare(
    { ...old, shareId: 'olderlink0000000000000', tokenHash: hashShareToken('x'.repeat(43)), revokedAt: null, sealedToken: null },
    100,
  );
  t.match(
    (await list(photoLinks)).items.find((s) => s.shareId === 'olderlink0000000000000'),
    { state: 'live', url: null },
  );

  clock.advance(86_400_000);
  t.match((await list(`/albums/${album.body.albumId}/shares`)).items, [{ state: 'expired', url: null }], 'expired: null');
});
