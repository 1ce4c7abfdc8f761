import t from 'tap';
import type { Photo } from '../../../src/domain/photo.js';
import type { Share } from '../../../src/domain/share.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { photoRepoAdapters } from '../../helpers/photo-repo-adapters.js';
import { newPhoto as photoRecord } from '../../helpers/factories.js';

const adapters = photoRepoAdapters;

let counter = 0;
function newPhoto(userId: string, minute: number, overrides: Partial<Photo> = {}): Photo {
  const photoId = `trash${String(++counter).padStart(17, '0')}`;
  return photoRecord({ userId, photoId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), ...overrides });
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 0, minute));

function newShare(photo: Photo, n: number): Share {
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
  };
}

const ids = (photos: Photo[]) => photos.map((p) => p.photoId);

for (const [name, make] of Object.entries(adapters)) {
  t.test(`PhotoRepo trash contract: ${name}`, async (t) => {
    const repo = await make(t);

    t.test('a trashed photo leaves every listing of the library and comes back when restored', async (t) => {
      const [a, b, c] = [1, 2, 3].map((m) => newPhoto('tina', m, { tags: ['sea'] }));
      for (const p of [a!, b!, c!]) await repo.create(p);
      await repo.update(b!.photoId, { favorite: true }, at(0));
      const trashed = await repo.trash(b!, at(5));
      t.equal(trashed?.trashedAt, at(5).toISOString(), 'it carries when it was trashed');
      t.equal(trashed?.userId, 'tina', 'and its owner');
      t.equal(trashed?.favorite, true, 'and stays a favourite to come back as one');
      t.same(ids((await repo.list({ userId: 'tina', limit: 10 })).items), ids([c!, a!]), 'gone from the library');
      t.same(ids((await repo.list({ userId: 'tina', limit: 10, tag: 'sea' })).items), ids([c!, a!]), 'from a tag');
      t.same((await repo.list({ userId: 'tina', limit: 10, favorite: true })).items, [], 'from the favourites');
      t.equal((await repo.get(b!.photoId))?.trashedAt, at(5).toISOString(), 'get still finds it, marked');
      t.same(ids((await repo.listTrash({ userId: 'tina', limit: 10 })).items), ids([b!]), 'in the trash');
      t.same((await repo.listTrash({ userId: 'someone-else', limit: 10 })).items, [], "in no one else's");

      t.equal(await repo.trash(b!, at(6)), null, 'trashing it again changes nothing');
      t.equal((await repo.get(b!.photoId))?.trashedAt, at(5).toISOString());
      t.equal(await repo.trash({ ...a!, userId: 'mallory' }, at(6)), null, "another user's photo is not trashed");
      t.equal((await repo.get(a!.photoId))?.trashedAt ?? null, null);
      t.equal(await repo.restore(a!, at(6)), null, 'a photo in the library is not restored');

      const restored = await repo.restore(b!, at(7));
      t.equal(restored?.trashedAt ?? null, null, 'restored');
      t.equal(restored?.userId, 'tina');
      t.same(ids((await repo.list({ userId: 'tina', limit: 10 })).items), ids([c!, b!, a!]), 'back in the library');
      t.same(ids((await repo.list({ userId: 'tina', limit: 10, favorite: true })).items), ids([b!]), 'a favourite again');
      t.same((await repo.listTrash({ userId: 'tina', limit: 10 })).items, [], 'the trash is empty');
      t.equal(await repo.restore(b!, at(8)), null, 'restoring twice changes nothing');
    });

    t.test('the trash: most recently trashed first, in pages', async (t) => {
      const photos = [1, 2, 3, 4, 5].map((m) => newPhoto('tom', m));
      for (const p of photos) await repo.create(p);
      // Trashed in another order than uploaded, two at the same instant.
      const order = [photos[2]!, photos[0]!, photos[4]!, photos[1]!];
      const times = [at(1), at(2), at(3), at(3)];
      for (const [i, p] of order.entries()) await repo.trash(p, times[i]!);
      const seen: Photo[] = [];
      let after: Awaited<ReturnType<PhotoRepo['listTrash']>>['next'] = null;
      let pages = 0;
      do {
        const page = await repo.listTrash({ userId: 'tom', limit: 3, ...(after && { after }) });
        t.ok(page.items.length <= 3);
        seen.push(...page.items);
        after = page.next;
      } while (after && ++pages < 10);
      t.equal(seen.length, 4, 'each once');
      t.same(new Set(ids(seen)), new Set(ids(order)));
      t.same(ids(seen.slice(2)), ids([photos[0]!, photos[2]!]), 'the oldest trashed last');
      t.same(
        seen.map((p) => p.trashedAt),
        [at(3), at(3), at(2), at(1)].map((d) => d.toISOString()),
      );
    });

    t.test("trashing revokes the photo's live links, and restoring leaves them revoked", async (t) => {
      const photo = newPhoto('sam', 1);
      await repo.create(photo);
      await repo.createShare({ ...newShare(photo, 1), sealedToken: 'iv.tag.sealed' }, 100);
      await repo.createShare(newShare(photo, 2), 100);
      await repo.revokeShare(newShare(photo, 2).shareId, at(0));
      await repo.trash(photo, at(4));
      const links = (await repo.listShares({ photoId: photo.photoId, limit: 10 })).items;
      t.same(
        links.map((s) => s.sealedToken ?? null),
        [null, null],
        'no sealed token is left on a revoked link',
      );
      t.same(
        links.map((s) => s.revokedAt).sort(),
        [at(0), at(4)].map((d) => d.toISOString()),
        'revoked when trashed; an earlier revocation kept',
      );
      await repo.restore(photo, at(9));
      const after = (await repo.listShares({ photoId: photo.photoId, limit: 10 })).items;
      t.ok(
        after.every((s) => s.revokedAt),
        'still revoked',
      );
      t.equal(await repo.createShare(newShare(photo, 3), 1), 'created', 'and they no longer count towards the bound');
    });

    t.test('the trash still counts for duplicates and usage, until the purge', async (t) => {
      const photo = newPhoto('una', 1, { size: 5000 });
      await repo.create(photo);
      await repo.trash(photo, at(1));
      t.same(await repo.usage('una'), { photos: 1, bytes: 5000 });
      t.same(await repo.create({ ...newPhoto('una', 2), sha256: photo.sha256 }), {
        created: false,
        duplicateOf: photo.photoId,
      });
      t.same(await repo.findBySha256('una', [photo.sha256]), [{ sha256: photo.sha256, photoId: photo.photoId }]);
      await repo.delete(photo.photoId);
      t.same(await repo.usage('una'), { photos: 0, bytes: 0 }, 'purged: no longer counted');
      t.same(await repo.findBySha256('una', [photo.sha256]), []);
      t.same((await repo.listTrash({ userId: 'una', limit: 10 })).items, []);
    });

    t.test("the purge's list: every user's photos trashed long enough ago, oldest first", async (t) => {
      const x = newPhoto('vic', 1);
      const y = newPhoto('wes', 2);
      const z = newPhoto('vic', 3);
      const kept = newPhoto('wes', 4);
      for (const p of [x, y, z, kept]) await repo.create(p);
      await repo.trash(y, new Date('2020-01-01T00:00:01.000Z'));
      await repo.trash(x, new Date('2020-01-01T00:00:02.000Z'));
      await repo.trash(z, new Date('2020-01-01T00:00:03.000Z'));
      await repo.trash(kept, new Date('2020-02-01T00:00:00.000Z'));
      const due = await repo.listTrashedBefore('2020-01-15T00:00:00.000Z', 10);
      t.same(ids(due), ids([y, x, z]), 'across users, oldest first; not those trashed later');
      t.same(ids(await repo.listTrashedBefore('2020-01-15T00:00:00.000Z', 2)), ids([y, x]), 'at most the limit');
      await repo.restore(x, at(1));
      await repo.delete(y.photoId);
      t.same(ids(await repo.listTrashedBefore('2020-01-15T00:00:00.000Z', 10)), ids([z]), 'restored and purged ones leave it');
    });
  });
}
