import { Readable } from 'node:stream';
import t from 'tap';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { LocalAccounts } from '../../src/adapters/local/local-accounts.js';
import { LocalAuth } from '../../src/adapters/local/local-auth.js';
import { SqliteAccountDeletions } from '../../src/adapters/local/sqlite-account-deletions.js';
import { SqliteApiKeyRepo } from '../../src/adapters/local/sqlite-api-key-repo.js';
import { blobKeys } from '../../src/domain/blob-keys.js';
import { newId } from '../../src/domain/ids.js';
import type { Share } from '../../src/domain/share.js';
import { AccountPurge, IDENTITY_GRACE_MS, PURGE_BATCH } from '../../src/services/account-purge.js';
import { newPhoto, statusOfRejection } from '../helpers/factories.js';
import { servicesUnderTest } from '../helpers/services.js';

const DAY = 86_400_000;

function world(t: Parameters<typeof servicesUnderTest>[0]) {
  const s = servicesUnderTest(t);
  const deletions = new SqliteAccountDeletions(s.db);
  const apiKeys = new SqliteApiKeyRepo(s.db);
  const accounts = new LocalAccounts(s.db, s.clock);
  const auth = new LocalAuth(s.db, loadOrCreateRsaKey(s.dataDir, 'jwt-signing'), {
    issuer: 'http://photoshare.test',
    accessTokenSeconds: 900,
    refreshTokenSeconds: 86_400,
    clock: s.clock,
  });
  /** A fresh purge each time: what a worker restarted after a crash would run. */
  const purge = () =>
    new AccountPurge({
      deletions,
      photos: s.photos,
      albums: s.albums,
      apiKeys,
      trash: s.trashService,
      remover: accounts,
      clock: s.clock,
    });

  async function photoOf(userId: string, { trashed = false } = {}) {
    const photo = newPhoto({ userId, createdAt: s.clock.now().toISOString() });
    await s.blobs.put(photo.originalKey, Readable.from([Buffer.from(photo.photoId)]), 'image/jpeg');
    await s.blobs.put(blobKeys.derived(userId, photo.photoId, 'thumbnail'), Readable.from([Buffer.from('t')]), 'image/jpeg');
    await s.photos.create(photo);
    if (trashed) await s.trashService.trash(userId, photo.photoId);
    return photo;
  }

  function share(userId: string, target: { photoId: string; albumId: string | null }): Share {
    return {
      shareId: newId(),
      ...target,
      userId,
      tokenHash: newId(),
      variant: 'preview',
      createdAt: s.clock.now().toISOString(),
      expiresAt: new Date(s.clock.now().getTime() + DAY).toISOString(),
      revokedAt: null,
      views: 0,
      passwordHash: null,
      allowDownload: false,
      maxViews: null,
    };
  }

  async function library(userId: string, photos: number) {
    const made = [];
    for (let i = 0; i < photos; i++) made.push(await photoOf(userId, { trashed: i % 10 === 0 }));
    const albumId = newId();
    const at = s.clock.now().toISOString();
    await s.albums.create(
      { albumId, userId, title: 'A', description: '', coverPhotoId: null, createdAt: at, updatedAt: at },
      1000,
    );
    const inLibrary = made.filter((_, i) => i % 10 !== 0);
    await s.albums.addPhotos(
      albumId,
      userId,
      inLibrary.slice(0, 5).map((p) => p.photoId),
      20_000,
      s.clock.now(),
    );
    const photoLink = share(userId, { photoId: inLibrary[0]!.photoId, albumId: null });
    const albumLink = share(userId, { photoId: '', albumId });
    t.equal(await s.photos.createShare(photoLink, 100), 'created');
    t.equal(await s.photos.createShare(albumLink, 100), 'created');
    await apiKeys.create(
      {
        keyId: newId(),
        userId,
        keyHash: newId(),
        name: 'k',
        scopes: ['photos:read'],
        createdAt: at,
        expiresAt: null,
        lastUsedAt: null,
      },
      50,
    );
    return { photos: made, albumId, photoLink, albumLink };
  }

  async function left(userId: string) {
    const count = (sql: string) => (s.db.prepare(sql).get(userId) as { n: number }).n;
    return {
      photos: count('SELECT count(*) AS n FROM photos WHERE user_id = ?'),
      albums: count('SELECT count(*) AS n FROM albums WHERE user_id = ?'),
      shares: count('SELECT count(*) AS n FROM shares WHERE user_id = ?'),
      keys: count('SELECT count(*) AS n FROM api_keys WHERE user_id = ?'),
      usage: count('SELECT count(*) AS n FROM library_usage WHERE user_id = ?'),
    };
  }

  async function recordDeletion(userId: string, identityDeleted = true) {
    const now = s.clock.now();
    return deletions.record({
      userId,
      requestedAt: now.toISOString(),
      keepUntil: new Date(now.getTime() + 1000 * 1000).toISOString(),
      identityDeleted,
    });
  }

  return { s, deletions, apiKeys, accounts, auth, purge, photoOf, library, left, recordDeletion };
}

const nothing = { photos: 0, albums: 0, shares: 0, keys: 0, usage: 0 };

t.test('a purge stopped between batches is finished by the next sweep; the record goes once tokens have expired', async (t) => {
  const w = world(t);
  const ann = 'ann0000000000000000000';
  const bob = 'bob0000000000000000000';
  const anns = await w.library(ann, PURGE_BATCH + 30);
  const bobs = await w.library(bob, 3);
  await w.recordDeletion(ann);

  // Asked before the account, then before each batch: the third time, after one batch, it says stop.
  let asked = 0;
  const first = await w.purge().purgePending(() => ++asked > 2);
  t.equal(first.stopped, true, 'stopped after one batch (a worker going down)');
  const midway = await w.left(ann);
  t.ok(midway.photos > 0 && midway.photos < anns.photos.length, `${midway.photos} photos left after one batch`);
  t.equal(midway.keys, 0, 'the keys went first');

  const second = await w.purge().purgePending();
  t.match(second, { stopped: false, finished: 0 }, 'everything purged, but the record is kept');
  t.same(await w.left(ann), nothing, 'no photo, album, link, key or usage row of the account is left');
  for (const photo of anns.photos) {
    t.equal(await w.s.blobs.stat(photo.originalKey), null);
    t.equal(await w.s.blobs.stat(blobKeys.derived(ann, photo.photoId, 'thumbnail')), null);
  }
  t.equal(await w.s.photos.findShareByTokenHash(anns.albumLink.tokenHash), null, 'the album link is gone');
  t.equal(await w.s.albums.get(anns.albumId), null);
  t.ok(await w.deletions.get(ann), 'the record stays until every old access token has expired');

  t.same(await w.left(bob), { photos: 3, albums: 1, shares: 2, keys: 1, usage: 1 }, "the other user's things are untouched");
  for (const photo of bobs.photos) t.ok(await w.s.blobs.stat(photo.originalKey));
  t.equal((await w.s.albums.get(bobs.albumId))?.photoCount, 3 - 1, "bob's album keeps its photos in the library");

  w.s.clock.advance(1000 * 1000);
  t.match(await w.purge().purgePending(), { finished: 1, purged: 0 });
  t.equal(await w.deletions.get(ann), null, 'the record is removed when nothing is left');
  t.match(await w.purge().purgePending(), { finished: 0, purged: 0 }, 'nothing more to do');
});

t.test('a photo purge cut short by a crash, and a write that lands late, are purged', async (t) => {
  const w = world(t);
  const ann = 'ann0000000000000000000';
  const cut = await w.photoOf(ann, { trashed: true });
  // A crash inside the trash's purge: claimed, the original deleted, the record still there.
  await w.s.photos.claimPurge(cut.photoId, w.s.clock.now());
  await w.s.blobs.delete(cut.originalKey);
  await w.recordDeletion(ann);
  await w.purge().purgePending();
  t.equal(await w.s.photos.get(cut.photoId), null, 'the half-purged photo is finished');
  t.equal(await w.s.blobs.stat(blobKeys.derived(ann, cut.photoId, 'thumbnail')), null);

  // An upload by a token that another API task let through before it learnt of the deletion.
  const late = await w.photoOf(ann);
  w.s.clock.advance(60_000);
  await w.purge().purgePending();
  t.equal(await w.s.photos.get(late.photoId), null, 'purged by the next sweep');
  t.equal(await w.s.blobs.stat(late.originalKey), null);
  t.ok(await w.deletions.get(ann), 'still kept');
});

t.test('an identity the request did not get to delete is deleted by the worker', async (t) => {
  const w = world(t);
  const { userId } = await w.auth.signUp('ann@example.com', 'correct-horse-9');
  const signIn = await w.auth.login('ann@example.com', 'correct-horse-9');
  if (!('tokens' in signIn)) throw new Error('no second factor was set up');
  const signedIn = signIn.tokens;
  // A second factor set up (migration 012's tables reference the user).
  w.s.db.prepare('INSERT INTO user_totp (user_id, sealed_secret, enabled_at) VALUES (?, ?, ?)').run(userId, 'sealed', 1);
  w.s.db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)').run(userId, 'hash');
  w.s.db.prepare('INSERT INTO mfa_challenges (session_hash, user_id, expires_at) VALUES (?, ?, ?)').run('s', userId, 1);
  await w.recordDeletion(userId, false); // then the request crashed
  await w.purge().purgePending();
  t.equal((await w.deletions.get(userId))?.identityDeleted, false, 'not while the request may still be deleting it');
  t.ok(await w.auth.login('ann@example.com', 'correct-horse-9'));
  w.s.clock.advance(IDENTITY_GRACE_MS);
  await w.purge().purgePending();
  t.equal((await w.deletions.get(userId))?.identityDeleted, true);
  t.equal(await statusOfRejection(w.auth.login('ann@example.com', 'correct-horse-9')), 401, 'no sign-in');
  t.equal(await statusOfRejection(w.auth.refresh(signedIn.refreshToken)), 401, 'no refresh');
  const rows = (table: string) =>
    (w.s.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`).get(userId) as { n: number }).n;
  t.same(
    ['users', 'refresh_tokens', 'user_totp', 'recovery_codes', 'mfa_challenges'].map(rows),
    [0, 0, 0, 0, 0],
    'no row of the identity is left',
  );
  await w.accounts.removeIdentity(userId); // a repeat is harmless
});
