import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { DynamoAlbumRepo } from '../../../src/adapters/aws/dynamo-album-repo.js';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import { SqliteAlbumRepo } from '../../../src/adapters/local/sqlite-album-repo.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../../../src/adapters/local/sqlite-photo-repo.js';
import type { Album } from '../../../src/domain/album.js';
import { newId } from '../../../src/domain/ids.js';
import type { Photo, ProcessedResult } from '../../../src/domain/photo.js';
import type { AlbumPhotoPosition, AlbumRepo } from '../../../src/ports/album-repo.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { newPhoto } from '../../helpers/factories.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';

/**
 * One store: its photo repo and album repo over the same data, and test-only ways to move a photo to the trash and
 * back as the trash will (there is no PhotoRepo method for it yet): the document's `trashedAt` in SQLite; in
 * DynamoDB `trashedAt` set and the owner moved from `userId` to `trashedOf`.
 */
interface Store {
  photos: PhotoRepo;
  albums(readBound?: number): AlbumRepo;
  trashForTest(photo: Photo, at: string): Promise<void>;
  restoreForTest(photo: Photo): Promise<void>;
}

const stores: Record<string, (t: Test) => Promise<Store>> = {
  SQLite: async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'albums-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return {
      photos: new SqlitePhotoRepo(db, () => undefined),
      albums: () => new SqliteAlbumRepo(db),
      trashForTest: async (photo, at) => {
        db.prepare("UPDATE photos SET doc = json_set(doc, '$.trashedAt', ?) WHERE photo_id = ?").run(at, photo.photoId);
      },
      restoreForTest: async (photo) => {
        db.prepare("UPDATE photos SET doc = json_remove(doc, '$.trashedAt') WHERE photo_id = ?").run(photo.photoId);
      },
    };
  },
  'DynamoDB (DynamoDB Local)': async (t) => {
    const { client } = await startDynamo(t);
    const doc = DynamoDBDocumentClient.from(client);
    return {
      photos: new DynamoPhotoRepo(client, TABLE),
      albums: (readBound) => new DynamoAlbumRepo(client, TABLE, readBound),
      trashForTest: async (photo, at) => {
        await doc.send(
          new UpdateCommand({
            TableName: TABLE,
            Key: { pk: photo.photoId },
            UpdateExpression: 'SET trashedAt = :at, trashedOf = userId REMOVE userId',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      },
      restoreForTest: async (photo) => {
        await doc.send(
          new UpdateCommand({
            TableName: TABLE,
            Key: { pk: photo.photoId },
            UpdateExpression: 'SET userId = trashedOf REMOVE trashedOf, trashedAt',
          }),
        );
      },
    };
  },
};

const now = new Date('2026-03-01T00:00:00.000Z');

function newAlbum(userId: string, minute: number, overrides: Partial<Album> = {}): Album {
  const createdAt = new Date(Date.UTC(2026, 1, 1, 0, minute)).toISOString();
  return {
    albumId: newId(),
    userId,
    title: `album ${minute}`,
    description: '',
    coverPhotoId: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

function result(takenAt: string | null): ProcessedResult {
  const variant = {
    key: 'processed/u/p/thumbnail.jpg',
    contentType: 'image/jpeg',
    width: 200,
    height: 150,
    size: 10,
    etag: '"t"',
  };
  return {
    width: 640,
    height: 480,
    thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
    takenAt,
    camera: null,
    variants: { thumbnail: variant, preview: { ...variant, key: 'processed/u/p/preview.jpg' } },
    labels: [],
    moderation: [],
  };
}

/** Photos of the user, ready, taken on day `days[i]` of 2020 (so their date-taken order differs from their upload order). */
async function readyPhotos(photos: PhotoRepo, userId: string, days: number[]): Promise<Photo[]> {
  const made: Photo[] = [];
  for (const [i, day] of days.entries()) {
    const photo = newPhoto({ userId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
    await photos.create(photo);
    await photos.markReady(photo.photoId, result(new Date(Date.UTC(2020, 0, day, 12)).toISOString().slice(0, 19)), now);
    made.push((await photos.get(photo.photoId))!);
  }
  return made;
}

const ids = (photos: Photo[]) => photos.map((photo) => photo.photoId);
/** Newest taken first, as an album lists them. */
const byTakenDesc = (photos: Photo[]) => ids([...photos].sort((a, b) => (b.takenAt ?? '').localeCompare(a.takenAt ?? '')));

/** Every photo of the album, page by page (a page may be short, with a cursor to read on). */
async function allPhotos(albums: AlbumRepo, albumId: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: AlbumPhotoPosition | null = null;
  let pages = 0;
  do {
    const page = await albums.listPhotos({ albumId, limit, ...(after && { after }) });
    if (page.items.length > limit) throw new Error('a page longer than asked');
    seen.push(...ids(page.items));
    after = page.next;
  } while (after && ++pages < 1000);
  return seen;
}

for (const [name, make] of Object.entries(stores)) {
  t.test(`AlbumRepo contract: ${name}`, async (t) => {
    const store = await make(t);
    const { photos } = store;
    const albums = store.albums();

    t.test('create, get, list newest first in pages, update, delete; at most maxAlbums each', async (t) => {
      const made = [1, 2, 3, 4].map((minute) => newAlbum('ann', minute, { description: `d${minute}` }));
      for (const album of made) t.equal(await albums.create(album, 4), 'created');
      t.equal(await albums.create(newAlbum('ann', 5), 4), 'too_many', 'the fifth is refused');
      t.equal(await albums.create(newAlbum('ben', 6), 4), 'created', 'the bound is per user');
      t.same(await albums.get(made[0]!.albumId), { ...made[0], photoCount: 0, cover: null });
      t.equal(await albums.get(newId()), null);

      const first = await albums.list({ userId: 'ann', limit: 3 });
      t.same(
        first.items.map((a) => a.albumId),
        [made[3], made[2], made[1]].map((a) => a!.albumId),
        'newest created first',
      );
      t.same(first.next, { createdAt: made[1]!.createdAt, albumId: made[1]!.albumId });
      const second = await albums.list({ userId: 'ann', limit: 3, after: first.next! });
      t.same(
        second.items.map((a) => a.albumId),
        [made[0]!.albumId],
      );
      t.equal(second.next, null);
      t.equal((await albums.list({ userId: 'ann', limit: 4 })).next, null, 'no cursor when a page ends at the last album');

      const later = new Date('2026-03-02T00:00:00.000Z');
      const updated = await albums.update(made[0]!.albumId, { title: 'Summer', description: 'sea' }, later);
      t.match(updated, { title: 'Summer', description: 'sea', updatedAt: later.toISOString(), createdAt: made[0]!.createdAt });
      t.match(await albums.get(made[0]!.albumId), { title: 'Summer', description: 'sea' }, 'stored');
      t.equal(await albums.update(newId(), { title: 'x' }, later), 'album_missing');

      await albums.delete(made[3]!.albumId);
      t.equal(await albums.get(made[3]!.albumId), null);
      t.equal((await albums.list({ userId: 'ann', limit: 10 })).items.length, 3);
      t.equal(await albums.create(newAlbum('ann', 7), 4), 'created', 'a deleted album frees its place');
      await albums.delete(made[3]!.albumId);
      t.pass('deleting again is harmless');
    });

    t.test('albums created at the same instant page in a fixed order, each once', async (t) => {
      const made = Array.from({ length: 7 }, () => newAlbum('cy', 1));
      for (const album of made) await albums.create(album, 10);
      const seen: string[] = [];
      let after = null;
      do {
        const page: Awaited<ReturnType<AlbumRepo['list']>> = await albums.list({
          userId: 'cy',
          limit: 2,
          ...(after && { after }),
        });
        seen.push(...page.items.map((a) => a.albumId));
        after = page.next;
      } while (after);
      t.same(
        [...seen].sort(),
        ids([])
          .concat(made.map((a) => a.albumId))
          .sort(),
      );
    });

    t.test('add and remove: idempotent adds; a foreign, missing or trashed id refuses the whole call', async (t) => {
      const mine = await readyPhotos(photos, 'dee', [5, 9, 1, 7]);
      const [p1, p2, p3, p4] = mine as [Photo, Photo, Photo, Photo];
      const [theirs] = await readyPhotos(photos, 'eve', [3]);
      const trashed = (await readyPhotos(photos, 'dee', [2]))[0]!;
      await store.trashForTest(trashed, '2026-02-20T00:00:00.000Z');
      const album = newAlbum('dee', 1);
      await albums.create(album, 10);

      t.equal(await albums.addPhotos(album.albumId, 'dee', ids([p1, p2]), 100, now), null);
      t.match(await albums.get(album.albumId), { photoCount: 2, updatedAt: now.toISOString() });
      t.equal(await albums.addPhotos(album.albumId, 'dee', ids([p2, p3]), 100, now), null, 'p2 again is no error');
      t.equal((await albums.get(album.albumId))!.photoCount, 3, 'counted once');

      const unchanged = async (what: string) => {
        t.equal((await albums.get(album.albumId))!.photoCount, 3, `${what}: the count is unchanged`);
        t.same(await allPhotos(albums, album.albumId, 10), byTakenDesc([p1, p2, p3]), `${what}: the members are unchanged`);
      };
      for (const [what, bad] of [
        ["another user's photo", theirs!.photoId],
        ['a missing photo', newId()],
        ['a photo in the trash', trashed.photoId],
      ] as const) {
        t.equal(await albums.addPhotos(album.albumId, 'dee', [p4.photoId, bad], 100, now), 'photos_missing', `add: ${what}`);
        await unchanged(`add with ${what}`);
        t.equal(await albums.removePhotos(album.albumId, 'dee', [p1.photoId, bad], now), 'photos_missing', `remove: ${what}`);
        await unchanged(`remove with ${what}`);
      }
      t.equal(await albums.addPhotos(album.albumId, 'eve', [theirs!.photoId], 100, now), 'album_missing', "another user's album");
      t.equal(await albums.removePhotos(album.albumId, 'eve', [theirs!.photoId], now), 'album_missing');
      t.equal(await albums.addPhotos(newId(), 'dee', [p4.photoId], 100, now), 'album_missing', 'a missing album');

      t.equal(await albums.addPhotos(album.albumId, 'dee', [p4.photoId], 3, now), 'album_full', 'past the bound');
      await unchanged('a full album');
      t.equal(
        await albums.addPhotos(album.albumId, 'dee', [p1.photoId, p2.photoId], 3, now),
        null,
        'members already in never fill it',
      );
      t.equal(await albums.addPhotos(album.albumId, 'dee', [p4.photoId], 4, now), null, 'up to the bound');

      const later = new Date('2026-03-05T00:00:00.000Z');
      t.equal(await albums.removePhotos(album.albumId, 'dee', [p1.photoId, p2.photoId], later), null);
      t.match(await albums.get(album.albumId), { photoCount: 2, updatedAt: later.toISOString() });
      t.equal(await albums.removePhotos(album.albumId, 'dee', [p1.photoId], later), null, 'not a member: ignored');
      t.same(await allPhotos(albums, album.albumId, 10), byTakenDesc([p3, p4]));
      t.equal(await albums.addPhotos(album.albumId, 'dee', [p1.photoId], 100, later), null, 'and back');
      t.equal((await albums.get(album.albumId))!.photoCount, 3);
    });

    t.test('500 photos in one call, in one album and in several', async (t) => {
      const many: Photo[] = [];
      for (let i = 0; i < 500; i += 50) {
        many.push(
          ...(await Promise.all(
            Array.from({ length: 50 }, async (_, j) => {
              const photo = newPhoto({ userId: 'fay', createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i + j)).toISOString() });
              await photos.create(photo);
              return photo;
            }),
          )),
        );
      }
      const album = newAlbum('fay', 1);
      const other = newAlbum('fay', 2);
      await albums.create(album, 10);
      await albums.create(other, 10);
      t.equal(await albums.addPhotos(album.albumId, 'fay', ids(many), 499, now), 'album_full', 'one past the bound');
      t.equal((await albums.get(album.albumId))!.photoCount, 0, 'nothing added');
      t.equal(await albums.addPhotos(album.albumId, 'fay', ids(many), 500, now), null);
      t.equal((await albums.get(album.albumId))!.photoCount, 500);
      t.equal(await albums.addPhotos(other.albumId, 'fay', ids(many.slice(0, 120)), 500, now), null, 'a photo in many albums');
      t.equal((await albums.get(other.albumId))!.photoCount, 120);
      const listed = await allPhotos(albums, album.albumId, 200);
      t.equal(listed.length, 500);
      t.same(listed, ids([...many].reverse()), 'no date taken: by upload time, newest first');
      t.equal(await albums.removePhotos(album.albumId, 'fay', ids(many.slice(0, 450)), now), null);
      t.equal((await albums.get(album.albumId))!.photoCount, 50);
      t.equal((await albums.get(other.albumId))!.photoCount, 120, 'the other album keeps them');
    });

    t.test('photos newest taken first, paged; the cover: chosen, default, falling back', async (t) => {
      const mine = await readyPhotos(photos, 'gil', [10, 30, 20, 25, 15]);
      const album = newAlbum('gil', 1);
      await albums.create(album, 10);
      t.equal(await albums.addPhotos(album.albumId, 'gil', ids(mine), 100, now), null);
      const order = byTakenDesc(mine);
      const first = await albums.listPhotos({ albumId: album.albumId, limit: 2 });
      t.same(ids(first.items), order.slice(0, 2));
      t.equal(first.next?.photoId, order[1]);
      t.same(await allPhotos(albums, album.albumId, 2), order, 'every photo once, in order');
      t.same(await allPhotos(albums, album.albumId, 5), order);

      t.equal((await albums.get(album.albumId))!.cover?.photoId, order[0], 'the default cover: the newest taken');
      const chosen = order[3]!;
      t.equal(((await albums.update(album.albumId, { coverPhotoId: chosen }, now)) as { cover: Photo }).cover.photoId, chosen);
      t.match(await albums.get(album.albumId), { coverPhotoId: chosen, cover: { photoId: chosen } });
      const [outsider] = await readyPhotos(photos, 'gil', [31]);
      t.equal(await albums.update(album.albumId, { coverPhotoId: outsider!.photoId }, now), 'cover_not_in_album');
      t.equal((await albums.get(album.albumId))!.cover?.photoId, chosen, 'unchanged');

      await albums.removePhotos(album.albumId, 'gil', [chosen], now);
      t.equal((await albums.get(album.albumId))!.cover?.photoId, order[0], 'a chosen cover taken out no longer counts');
      await albums.addPhotos(album.albumId, 'gil', [chosen], 100, now);
      t.equal((await albums.get(album.albumId))!.cover?.photoId, chosen, 'and counts again once back');
      t.equal(((await albums.update(album.albumId, { coverPhotoId: null }, now)) as { cover: Photo }).cover.photoId, order[0]);
      t.match(await albums.get(album.albumId), { coverPhotoId: null }, 'back to the default');

      const empty = newAlbum('gil', 2);
      await albums.create(empty, 10);
      t.equal((await albums.get(empty.albumId))!.cover, null, 'an empty album has no cover');
    });

    t.test('photos in the trash are not listed nor counted, and come back when restored', async (t) => {
      const mine = await readyPhotos(photos, 'hal', [1, 2, 3, 4, 5, 6]);
      const order = byTakenDesc(mine);
      const album = newAlbum('hal', 1);
      const other = newAlbum('hal', 2);
      await albums.create(album, 10);
      await albums.create(other, 10);
      await albums.addPhotos(album.albumId, 'hal', ids(mine), 100, now);
      await albums.addPhotos(other.albumId, 'hal', order.slice(0, 1), 100, now);
      await albums.update(album.albumId, { coverPhotoId: order[2]! }, now);

      const gone = [order[0]!, order[2]!, order[3]!];
      for (const photoId of gone) {
        const photo = (await photos.get(photoId))!;
        await store.trashForTest(photo, '2026-03-01T00:00:00.000Z');
        await albums.photoLeftLibrary(photo);
      }
      const kept = order.filter((id) => !gone.includes(id));
      t.same(await allPhotos(albums, album.albumId, 2), kept, 'listed without them');
      t.match(
        await albums.get(album.albumId),
        { photoCount: 3, coverPhotoId: order[2], cover: { photoId: order[1] } },
        'a trashed cover no longer counts',
      );
      t.match(await albums.get(other.albumId), { photoCount: 0, cover: null });
      t.equal(await albums.update(album.albumId, { coverPhotoId: order[3]! }, now), 'cover_not_in_album', 'nor can be chosen');

      for (const photoId of gone) {
        const photo = (await photos.get(photoId))!;
        await store.restoreForTest(photo);
        await albums.photoBackInLibrary(photo);
      }
      t.same(await allPhotos(albums, album.albumId, 2), order, 'back in their albums');
      t.match(await albums.get(album.albumId), { photoCount: 6, cover: { photoId: order[2] } });
      t.match(await albums.get(other.albumId), { photoCount: 1, cover: { photoId: order[0] } });
    });

    t.test('a listing that reads at most a few members answers short pages, and still reaches every photo', async (t) => {
      const bounded = store.albums(3);
      const mine = await readyPhotos(photos, 'ida', [1, 2, 3, 4, 5, 6, 7, 8]);
      const order = byTakenDesc(mine);
      const album = newAlbum('ida', 1);
      await bounded.create(album, 10);
      await bounded.addPhotos(album.albumId, 'ida', ids(mine), 100, now);
      for (const photoId of order.slice(1, 6)) await store.trashForTest((await photos.get(photoId))!, now.toISOString());
      t.same(await allPhotos(bounded, album.albumId, 2), [order[0], order[6], order[7]]);
    });

    t.test('forgetPhoto: out of every album, no longer a cover; a repeat is harmless', async (t) => {
      const mine = await readyPhotos(photos, 'jo', [1, 2, 3]);
      const order = byTakenDesc(mine);
      const [a, b] = [newAlbum('jo', 1), newAlbum('jo', 2)];
      await albums.create(a, 10);
      await albums.create(b, 10);
      await albums.addPhotos(a.albumId, 'jo', ids(mine), 100, now);
      await albums.addPhotos(b.albumId, 'jo', order.slice(0, 2), 100, now);
      await albums.update(a.albumId, { coverPhotoId: order[1]! }, now);

      const purged = (await photos.get(order[1]!))!;
      await albums.forgetPhoto(purged);
      await photos.delete(purged.photoId);
      await albums.forgetPhoto(purged);
      t.match(await albums.get(a.albumId), { photoCount: 2, coverPhotoId: null, cover: { photoId: order[0] } });
      t.match(await albums.get(b.albumId), { photoCount: 1 });
      t.same(await allPhotos(albums, a.albumId, 10), [order[0], order[2]]);
      t.same(await allPhotos(albums, b.albumId, 10), [order[0]]);

      // A photo purged from the trash was already not counted.
      const trashed = (await photos.get(order[0]!))!;
      await store.trashForTest(trashed, now.toISOString());
      await albums.photoLeftLibrary(trashed);
      const inTrash = (await photos.get(order[0]!))!;
      await albums.forgetPhoto(inTrash);
      await photos.delete(inTrash.photoId);
      t.match(await albums.get(a.albumId), { photoCount: 1, cover: { photoId: order[2] } });
      t.match(await albums.get(b.albumId), { photoCount: 0, cover: null });
      t.same(await allPhotos(albums, a.albumId, 10), [order[2]], 'gone for good');
    });

    t.test('deleting an album leaves its photos in the library and in other albums', async (t) => {
      const mine = await readyPhotos(photos, 'kim', [1, 2]);
      const [a, b] = [newAlbum('kim', 1), newAlbum('kim', 2)];
      await albums.create(a, 10);
      await albums.create(b, 10);
      await albums.addPhotos(a.albumId, 'kim', ids(mine), 100, now);
      await albums.addPhotos(b.albumId, 'kim', ids(mine), 100, now);
      await albums.delete(a.albumId);
      t.equal(await albums.get(a.albumId), null);
      t.same(await allPhotos(albums, a.albumId, 10), [], 'no members left');
      for (const photo of mine) t.ok(await photos.get(photo.photoId), 'the photo stays');
      t.match(await albums.get(b.albumId), { photoCount: 2 });
      t.same((await photos.get(mine[0]!.photoId))!.photoId, mine[0]!.photoId);
      const again = newAlbum('kim', 3);
      await albums.create(again, 10);
      t.equal(await albums.addPhotos(again.albumId, 'kim', ids(mine), 100, now), null);
      t.equal((await albums.get(again.albumId))!.photoCount, 2);
    });
  });
}
