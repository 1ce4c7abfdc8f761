import t, { type Test } from 'tap';
import type { Photo, ProcessedResult } from '../../../src/domain/photo.js';
import { newPhoto as photoRecord } from '../../helpers/factories.js';
import { MAX_LIVE_SHARES, type Share } from '../../../src/domain/share.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { photoRepoAdapters } from '../../helpers/photo-repo-adapters.js';

const adapters = photoRepoAdapters;

let counter = 0;
function newPhoto(userId: string, minute: number, tags: string[] = []): Photo {
  const photoId = `photo${String(++counter).padStart(17, '0')}`;
  return photoRecord({ userId, photoId, tags, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString() });
}

const result: ProcessedResult = {
  width: 640,
  height: 480,
  thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
  takenAt: '2020-01-24T23:11:53',
  camera: { make: 'Xiaomi', model: 'Mi A3' },
  variants: {
    thumbnail: { key: 'processed/u/p/thumbnail.jpg', contentType: 'image/jpeg', width: 200, height: 150, size: 10, etag: '"t"' },
    preview: { key: 'processed/u/p/preview.jpg', contentType: 'image/jpeg', width: 640, height: 480, size: 99, etag: '"p"' },
  },
  labels: [{ name: 'Sea', confidence: 91.5 }],
  moderation: [],
};

function newShare(photo: Photo, n: number, overrides: Partial<Share> = {}): Share {
  return {
    shareId: `share${photo.photoId.slice(5)}${n}`,
    photoId: photo.photoId,
    userId: photo.userId,
    tokenHash: `hash-${photo.photoId}-${n}`,
    variant: 'preview',
    createdAt: new Date(Date.UTC(2026, 1, 1, 0, n)).toISOString(),
    expiresAt: new Date(Date.UTC(2030, 0, 1)).toISOString(),
    revokedAt: null,
    views: 0,
    passwordHash: null,
    albumId: null,
    allowDownload: false,
    maxViews: null,
    sealedToken: null,
    ...overrides,
  };
}

/** Every link of the photo, page by page; fails on a page longer than asked. */
async function allPages(t: Test, repo: PhotoRepo, photoId: string, limit: number) {
  const seen: Share[] = [];
  let pages = 0;
  let after: Awaited<ReturnType<PhotoRepo['listShares']>>['next'] = null;
  do {
    const page = await repo.listShares({ photoId, limit, ...(after && { after }) });
    t.ok(page.items.length <= limit, 'no page is longer than asked');
    if (page.next) t.equal(page.items.length, limit, 'only the last page is short');
    seen.push(...page.items);
    after = page.next;
    pages++;
  } while (after && pages < 1000);
  return { seen, pages };
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`PhotoRepo contract: ${name}`, async (t) => {
    const repo = await make(t);
    const now = new Date();

    t.test('create, get; a second create of the same id is refused', async (t) => {
      const photo = newPhoto('alice', 1, ['sea']);
      await repo.create(photo);
      t.same(await repo.get(photo.photoId), photo);
      await t.rejects(repo.create({ ...photo, sha256: 'f'.repeat(64) }), 'no overwrite');
      t.same(
        await repo.create(photo),
        { created: false, duplicateOf: photo.photoId },
        'the very same again is its own duplicate',
      );
      t.same(await repo.get(photo.photoId), photo, 'unchanged');
      t.equal(await repo.get('nope00000000000000000'), null);
    });

    t.test('list: newest first, pages, tags, only the owner', async (t) => {
      const mine = [2, 3, 4, 5, 6].map((m) => newPhoto('bob', m, m % 2 ? ['odd'] : ['even']));
      for (const p of mine) await repo.create(p);
      await repo.create(newPhoto('carol', 7));
      const first = await repo.list({ userId: 'bob', limit: 2 });
      t.same(
        first.items.map((p) => p.photoId),
        [mine[4]!.photoId, mine[3]!.photoId],
      );
      t.same(first.next, { createdAt: mine[3]!.createdAt, photoId: mine[3]!.photoId });
      const second = await repo.list({ userId: 'bob', limit: 2, after: first.next! });
      t.same(
        second.items.map((p) => p.photoId),
        [mine[2]!.photoId, mine[1]!.photoId],
      );
      const third = await repo.list({ userId: 'bob', limit: 2, after: second.next! });
      t.same(
        third.items.map((p) => p.photoId),
        [mine[0]!.photoId],
      );
      t.equal(third.next, null, 'no cursor after the last page');
      const exact = await repo.list({ userId: 'bob', limit: 5 });
      t.equal(exact.items.length, 5);
      t.equal(exact.next, null, 'no cursor when the page ends exactly at the last photo');
      const odd = await repo.list({ userId: 'bob', limit: 1, tag: 'odd' });
      t.same(
        odd.items.map((p) => p.photoId),
        [mine[3]!.photoId],
      );
      const oddRest = await repo.list({ userId: 'bob', limit: 5, tag: 'odd', after: odd.next! });
      t.same(
        oddRest.items.map((p) => p.photoId),
        [mine[1]!.photoId],
      );
      t.same((await repo.list({ userId: 'nobody', limit: 5 })).items, []);
    });

    t.test('favourites: marked, listed newest first and paged, unmarked; only the owner', async (t) => {
      const photos = [10, 11, 12, 13, 14].map((m) => newPhoto('fay', m, m % 2 ? ['odd'] : []));
      for (const p of photos) await repo.create(p);
      await repo.create(newPhoto('gus', 15));
      const now = new Date('2026-02-01T00:00:00.000Z');
      t.equal((await repo.get(photos[0]!.photoId))!.favorite, undefined, 'not a favourite until marked');
      for (const p of [photos[0]!, photos[1]!, photos[3]!, photos[4]!]) {
        t.match(await repo.update(p.photoId, { favorite: true }, now), { favorite: true, userId: 'fay' });
      }
      await repo.update(photos[4]!.photoId, { favorite: false }, now);
      const stored = await repo.get(photos[4]!.photoId);
      t.equal(stored!.favorite, false);
      t.same(Object.keys(stored!).sort(), Object.keys(photos[4]!).concat('favorite').sort(), 'no index key in the record');

      const first = await repo.list({ userId: 'fay', limit: 2, favorite: true });
      t.same(
        first.items.map((p) => p.photoId),
        [photos[3]!.photoId, photos[1]!.photoId],
        'newest first, the unmarked one gone',
      );
      const rest = await repo.list({ userId: 'fay', limit: 2, favorite: true, after: first.next! });
      t.same(
        rest.items.map((p) => p.photoId),
        [photos[0]!.photoId],
      );
      t.equal(rest.next, null);
      t.same(
        (await repo.list({ userId: 'fay', limit: 5, favorite: true, tag: 'odd' })).items.map((p) => p.photoId),
        [photos[3]!.photoId, photos[1]!.photoId],
        'with a tag too',
      );
      t.same((await repo.list({ userId: 'gus', limit: 5, favorite: true })).items, [], "another user's are not mine");
      t.equal((await repo.list({ userId: 'fay', limit: 10 })).items.length, 5, 'the library still has them all');
      await repo.delete(photos[3]!.photoId);
      t.same(
        (await repo.list({ userId: 'fay', limit: 5, favorite: true })).items.map((p) => p.photoId),
        [photos[1]!.photoId, photos[0]!.photoId],
        'a deleted favourite leaves the list',
      );
    });

    t.test('duplicates: the same bytes are recorded once per user, found by SHA-256, free again once deleted', async (t) => {
      const sha256 = 'b'.repeat(64);
      const first = { ...newPhoto('hal', 20), sha256 };
      t.same(await repo.create(first), { created: true });
      const again = { ...newPhoto('hal', 21), sha256 };
      t.same(await repo.create(again), { created: false, duplicateOf: first.photoId }, 'the same bytes again');
      t.equal(await repo.get(again.photoId), null, 'nothing written');
      t.same(await repo.create({ ...newPhoto('ida', 22), sha256 }), { created: true }, "another user's library is their own");

      const other = newPhoto('hal', 23);
      await repo.create(other);
      const found = await repo.findBySha256('hal', [sha256, other.sha256, 'c'.repeat(64)]);
      t.same(
        found.sort((a, b) => a.photoId.localeCompare(b.photoId)),
        [
          { sha256, photoId: first.photoId },
          { sha256: other.sha256, photoId: other.photoId },
        ].sort((a, b) => a.photoId.localeCompare(b.photoId)),
        'the ones the user has, not the unknown one',
      );
      t.same(await repo.findBySha256('jan', [sha256]), [], 'nothing of anyone else');

      await repo.delete(first.photoId);
      t.same(await repo.findBySha256('hal', [sha256]), []);
      t.same(await repo.create({ ...newPhoto('hal', 24), sha256 }), { created: true }, 'deleted, the bytes can come again');

      const racing = [25, 26, 27, 28].map((m) => ({ ...newPhoto('kim', m), sha256 }));
      const outcomes = await Promise.all(racing.map((p) => repo.create(p)));
      t.equal(outcomes.filter((o) => o.created).length, 1, 'four uploads of the same bytes at once record one photo');
    });

    t.test('usage: photos and bytes move with creates and deletes; the quota holds against concurrent creates', async (t) => {
      t.same(await repo.usage('lea'), { photos: 0, bytes: 0 }, 'nothing yet');
      const a = { ...newPhoto('lea', 30), size: 400 };
      const b = { ...newPhoto('lea', 31), size: 500 };
      t.same(await repo.create(a, 1000), { created: true });
      t.same(await repo.create(b, 1000), { created: true });
      t.same(await repo.usage('lea'), { photos: 2, bytes: 900 });
      t.same(
        await repo.create({ ...newPhoto('lea', 32), size: 101 }, 1000),
        { created: false, overQuota: true },
        'one byte too many',
      );
      t.same(await repo.create({ ...a, photoId: 'again0000000000000000' }, 1000), { created: false, duplicateOf: a.photoId });
      t.same(await repo.usage('lea'), { photos: 2, bytes: 900 }, 'refusals count nothing');
      t.same(await repo.create({ ...newPhoto('lea', 33), size: 100 }, 1000), { created: true }, 'exactly the quota');
      await repo.delete(a.photoId);
      t.same(await repo.usage('lea'), { photos: 2, bytes: 600 }, 'a delete gives its bytes back');
      t.same(await repo.usage('max'), { photos: 0, bytes: 0 }, "another user's library is apart");

      const racing = [34, 35, 36, 37].map((m) => ({ ...newPhoto('max', m), size: 300 }));
      const outcomes = await Promise.all(racing.map((p) => repo.create(p, 1000)));
      t.equal(outcomes.filter((o) => o.created).length, 3, 'four uploads of 300 bytes at once against 1000: three fit');
      t.same(await repo.usage('max'), { photos: 3, bytes: 900 });
    });

    t.test('update, markReady, markFailed', async (t) => {
      const photo = newPhoto('dave', 8);
      await repo.create(photo);
      const edited = await repo.update(photo.photoId, { title: 'Harbour', tags: ['boats'] }, now);
      t.match(edited, { title: 'Harbour', tags: ['boats'], description: '', updatedAt: now.toISOString() });
      t.equal(await repo.update('nope00000000000000000', { title: 'x' }, now), null, 'updating a missing photo creates nothing');
      t.equal(await repo.get('nope00000000000000000'), null);

      await repo.markReady(photo.photoId, result, now);
      t.match(await repo.get(photo.photoId), {
        status: 'ready',
        width: 640,
        height: 480,
        variants: result.variants,
        thumbhash: result.thumbhash,
        labels: result.labels,
        camera: result.camera,
        error: null,
        title: 'Harbour',
      });
      await repo.markFailed(photo.photoId, 'late', now);
      t.equal((await repo.get(photo.photoId))!.status, 'ready', 'a late failure does not undo ready');

      const broken = newPhoto('dave', 9);
      await repo.create(broken);
      await repo.markFailed(broken.photoId, 'Image file is truncated or corrupt', now);
      t.match(await repo.get(broken.photoId), { status: 'failed', error: 'Image file is truncated or corrupt' });

      await repo.markReady('gone00000000000000000', result, now);
      t.equal(await repo.get('gone00000000000000000'), null, 'markReady never brings back a deleted photo');
    });

    t.test('shares: create, find by token, list, views, revoke, delete with the photo', async (t) => {
      const photo = newPhoto('erin', 10);
      await repo.create(photo);
      const a = newShare(photo, 1);
      const b = newShare(photo, 2);
      t.equal(await repo.createShare(a, MAX_LIVE_SHARES), 'created');
      t.equal(await repo.createShare(b, MAX_LIVE_SHARES), 'created');
      t.same(await repo.getShare(a.shareId), a);
      t.same(await repo.findShareByTokenHash(b.tokenHash), b);
      t.equal(await repo.findShareByTokenHash('unknown'), null);
      t.same(
        (await repo.listShares({ photoId: photo.photoId, limit: 10 })).items.map((s) => s.shareId),
        [b.shareId, a.shareId],
        'newest first',
      );
      t.equal(await repo.countView(a), true);
      t.equal(await repo.countView(a), true);
      t.equal((await repo.getShare(a.shareId))!.views, 2);
      const limited = newShare(photo, 7, { maxViews: 2, passwordHash: 'scrypt$1$2$3$salt$hash', allowDownload: true });
      t.equal(await repo.createShare(limited, MAX_LIVE_SHARES), 'created');
      t.match(await repo.getShare(limited.shareId), { maxViews: 2, passwordHash: 'scrypt$1$2$3$salt$hash', allowDownload: true });
      const counted = await Promise.all([1, 2, 3, 4].map(() => repo.countView(limited)));
      t.same(counted.filter(Boolean).length, 2, 'concurrent visits never pass maxViews');
      t.equal((await repo.getShare(limited.shareId))!.views, 2);
      const sealed = newShare(photo, 8, { sealedToken: 'iv.tag.sealed-token' });
      t.equal(await repo.createShare(sealed, MAX_LIVE_SHARES), 'created');
      t.equal((await repo.getShare(sealed.shareId))!.sealedToken, 'iv.tag.sealed-token', 'the sealed token is kept');
      t.equal((await repo.findShareByTokenHash(sealed.tokenHash))!.sealedToken, 'iv.tag.sealed-token');
      t.match((await repo.listShares({ photoId: photo.photoId, limit: 10 })).items, [{ sealedToken: 'iv.tag.sealed-token' }]);
      await repo.revokeShare(sealed.shareId, new Date());
      t.equal((await repo.getShare(sealed.shareId))!.sealedToken, null, 'and dropped on revoke');
      const at = new Date('2026-03-01T00:00:00.000Z');
      await repo.revokeShare(a.shareId, at);
      await repo.revokeShare(a.shareId, new Date());
      t.equal((await repo.getShare(a.shareId))!.revokedAt, at.toISOString(), 'revoking twice keeps the first time');
      t.same(
        (await repo.list({ userId: 'erin', limit: 10 })).items.map((p) => p.photoId),
        [photo.photoId],
        'shares never show up as photos',
      );

      await repo.delete(photo.photoId);
      t.equal(await repo.get(photo.photoId), null);
      t.equal(await repo.getShare(a.shareId), null, 'shares go with the photo');
      t.equal(await repo.findShareByTokenHash(b.tokenHash), null);
      t.same(await repo.listShares({ photoId: photo.photoId, limit: 10 }), { items: [], next: null });
      t.equal(await repo.get(photo.photoId), null, 'giving back slots never brings back the photo');
    });

    t.test('createShare: at most maxLive live links; revoked and expired ones do not count', async (t) => {
      const photo = newPhoto('hana', 11);
      await repo.create(photo);
      const at = (minute: number) => new Date(Date.UTC(2026, 1, 1, 0, minute)).toISOString();
      const a = newShare(photo, 1, { createdAt: at(0) });
      const soon = newShare(photo, 2, { createdAt: at(0), expiresAt: at(10) });
      const c = newShare(photo, 3, { createdAt: at(0) });
      for (const share of [a, soon, c]) t.equal(await repo.createShare(share, 3), 'created');

      const refused = newShare(photo, 4, { createdAt: at(1) });
      t.equal(await repo.createShare(refused, 3), 'too_many', 'the fourth live link is refused');
      t.equal(await repo.getShare(refused.shareId), null, 'and nothing of it is written');
      t.equal(await repo.findShareByTokenHash(refused.tokenHash), null);

      await repo.revokeShare(a.shareId, new Date(at(2)));
      t.equal(await repo.createShare(newShare(photo, 5, { createdAt: at(3) }), 3), 'created', 'a revoked link frees its place');
      t.equal(await repo.createShare(newShare(photo, 6, { createdAt: at(4) }), 3), 'too_many');
      await repo.revokeShare(a.shareId, new Date(at(5)));
      t.equal(
        await repo.createShare(newShare(photo, 7, { createdAt: at(6) }), 3),
        'too_many',
        'revoking it again frees no second place',
      );

      t.equal(await repo.createShare(newShare(photo, 8, { createdAt: at(9) }), 3), 'too_many', 'a minute before the expiry');
      t.equal(
        await repo.createShare(newShare(photo, 9, { createdAt: at(10) }), 3),
        'created',
        'a link counts no more from the instant it expires',
      );
      t.equal(await repo.createShare(newShare(photo, 10, { createdAt: at(11) }), 3), 'too_many');
      t.equal(await repo.createShare(newShare(photo, 11, { createdAt: at(11) }), 4), 'created', 'the bound is the caller’s');

      const all = await allPages(t, repo, photo.photoId, 100);
      t.same(
        all.seen.map((s) => s.shareId).sort(),
        [a, soon, c, newShare(photo, 5), newShare(photo, 9), newShare(photo, 11)].map((s) => s.shareId).sort(),
        'expired and revoked links are still listed',
      );
      t.same(await repo.get(photo.photoId), photo, 'the photo reads back as it was');
      t.notOk('liveShares' in (await repo.get(photo.photoId))!, 'no bookkeeping leaks into the photo');

      const missing = newShare(newPhoto('hana', 12), 1);
      t.equal(await repo.createShare(missing, 3), 'photo_missing', 'no link for a photo that does not exist');
      t.equal(await repo.getShare(missing.shareId), null);
      t.equal(await repo.get(missing.photoId), null, 'and no photo made for it');
    });

    t.test('createShare: concurrent creates never pass the bound', async (t) => {
      const photo = newPhoto('ines', 13);
      await repo.create(photo);
      const shares = Array.from({ length: 12 }, (_, n) =>
        newShare(photo, n, { createdAt: new Date(Date.UTC(2026, 1, 1)).toISOString() }),
      );
      const outcomes = await Promise.all(shares.map((share) => repo.createShare(share, 5)));
      t.equal(outcomes.filter((o) => o === 'created').length, 5, 'exactly the bound');
      t.equal(outcomes.filter((o) => o === 'too_many').length, 7);
      t.equal((await allPages(t, repo, photo.photoId, 100)).seen.length, 5, 'and only those were written');
    });

    t.test('listShares pages newest first, every link once, with 120 created at the same instant', async (t) => {
      const photo = newPhoto('jo', 14);
      const other = newPhoto('jo', 15);
      await repo.create(photo);
      await repo.create(other);
      const same = new Date(Date.UTC(2026, 1, 2)).toISOString();
      const tied = Array.from({ length: 120 }, (_, n) => newShare(photo, n, { createdAt: same }));
      const older = newShare(photo, 200, { createdAt: new Date(Date.UTC(2026, 1, 1)).toISOString() });
      const newer = newShare(photo, 201, { createdAt: new Date(Date.UTC(2026, 1, 3)).toISOString() });
      for (const share of [...tied, older, newer]) t.equal(await repo.createShare(share, 1000), 'created');
      await repo.createShare(newShare(other, 1), 1000);

      for (const limit of [7, 50, 121, 122, 200]) {
        const { seen, pages } = await allPages(t, repo, photo.photoId, limit);
        t.equal(seen.length, 122, `limit ${limit}: every link`);
        t.equal(new Set(seen.map((s) => s.shareId)).size, 122, `limit ${limit}: none twice`);
        t.equal(pages, Math.ceil(122 / limit), `limit ${limit}: no empty last page`);
        t.equal(seen[0]!.shareId, newer.shareId, 'newest first');
        t.equal(seen[121]!.shareId, older.shareId, 'oldest last');
        t.ok(
          seen.every((s, i) => i === 0 || seen[i - 1]!.createdAt >= s.createdAt),
          'never older before newer',
        );
        t.ok(
          seen.every((s) => s.photoId === photo.photoId),
          "another photo's links do not mix in",
        );
      }
      const first = await repo.listShares({ photoId: photo.photoId, limit: 10 });
      const again = await repo.listShares({ photoId: photo.photoId, limit: 10, after: first.next! });
      const repeat = await repo.listShares({ photoId: photo.photoId, limit: 10, after: first.next! });
      t.same(again, repeat, 'a position always continues the same way');
    });

    t.test("libraryVersion moves on with every change to the user's photos (where one is kept)", async (t) => {
      if (name.startsWith('DynamoDB')) {
        t.equal(await repo.libraryVersion('fran'), null, 'DynamoDB keeps none: listing pages are built afresh');
        return;
      }
      const seen = new Set([await repo.libraryVersion('fran')]);
      const moves = async (what: string, change: () => Promise<unknown>) => {
        await change();
        const version = await repo.libraryVersion('fran');
        t.notOk(seen.has(version), `${what} moves the version on`);
        seen.add(version);
      };
      const photo = newPhoto('fran', 1);
      const other = newPhoto('fran', 2);
      await moves('create', () => repo.create(photo));
      await moves('a second photo', () => repo.create(other));
      await moves('update', () => repo.update(photo.photoId, { title: 'Quay' }, now));
      await moves('markReady', () => repo.markReady(photo.photoId, result, now));
      await moves('markFailed', () => repo.markFailed(other.photoId, 'corrupt', now));
      await moves('delete', () => repo.delete(other.photoId));
      const before = await repo.libraryVersion('fran');
      await repo.create(newPhoto('gus', 3));
      await repo.createShare(newShare(photo, 1), MAX_LIVE_SHARES);
      t.equal(await repo.libraryVersion('fran'), before, "another user's photo and a share leave it alone");
    });

    t.test('check passes', async (t) => {
      await repo.check();
      t.pass();
    });
  });
}
