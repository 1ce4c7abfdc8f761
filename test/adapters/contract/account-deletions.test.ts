import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { DynamoAccountDeletions } from '../../../src/adapters/aws/dynamo-account-deletions.js';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import { DynamoAlbumRepo } from '../../../src/adapters/aws/dynamo-album-repo.js';
import { SqliteAccountDeletions } from '../../../src/adapters/local/sqlite-account-deletions.js';
import { SqliteAlbumRepo } from '../../../src/adapters/local/sqlite-album-repo.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../../../src/adapters/local/sqlite-photo-repo.js';
import { newId } from '../../../src/domain/ids.js';
import type { Share } from '../../../src/domain/share.js';
import type { AccountDeletionRepo } from '../../../src/ports/account-deletions.js';
import type { AlbumRepo } from '../../../src/ports/album-repo.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';
import { newPhoto } from '../../helpers/factories.js';

interface Stores {
  deletions: AccountDeletionRepo;
  photos: PhotoRepo;
  albums: AlbumRepo;
}

const adapters: Record<string, (t: Test) => Promise<Stores>> = {
  SQLite: async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deletions-'));
    const db = openDatabase(dir);
    const photos = new SqlitePhotoRepo(db, () => undefined);
    t.teardown(() => {
      photos.flushViews();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return { deletions: new SqliteAccountDeletions(db), photos, albums: new SqliteAlbumRepo(db) };
  },
  'DynamoDB (DynamoDB Local)': async (t) => {
    const { client } = await startDynamo(t);
    return {
      deletions: new DynamoAccountDeletions(client, TABLE),
      photos: new DynamoPhotoRepo(client, TABLE),
      albums: new DynamoAlbumRepo(client, TABLE),
    };
  },
};

const deletion = (userId: string, requestedAt: string) => ({
  userId,
  requestedAt,
  keepUntil: '2026-01-02T00:00:00.000Z',
  identityDeleted: false,
});

for (const [name, make] of Object.entries(adapters)) {
  t.test(`AccountDeletionRepo contract: ${name}`, async (t) => {
    t.test('record, get, mark, list oldest first a page at a time, remove', async (t) => {
      const { deletions, photos } = await make(t);
      t.equal(await deletions.get('ann'), null);
      t.same(await deletions.record(deletion('ann', '2026-01-01T00:00:02.000Z')), deletion('ann', '2026-01-01T00:00:02.000Z'));
      t.same(
        await deletions.record(deletion('ann', '2026-01-01T00:00:09.000Z')),
        deletion('ann', '2026-01-01T00:00:02.000Z'),
        'a repeat keeps the first record',
      );
      await deletions.record(deletion('bob', '2026-01-01T00:00:01.000Z'));
      await deletions.record(deletion('cy', '2026-01-01T00:00:03.000Z'));
      await deletions.markIdentityDeleted('ann');
      t.equal((await deletions.get('ann'))?.identityDeleted, true);
      await deletions.markIdentityDeleted('nobody'); // no record: nothing happens
      t.equal(await deletions.get('nobody'), null);

      const first = await deletions.list(2);
      t.same(
        first.map((d) => d.userId),
        ['bob', 'ann'],
        'oldest first',
      );
      const rest = await deletions.list(2, { requestedAt: first[1]!.requestedAt, userId: first[1]!.userId });
      t.same(
        rest.map((d) => d.userId),
        ['cy'],
      );
      await deletions.remove('ann');
      t.equal(await deletions.get('ann'), null);
      t.same(
        (await deletions.list(10)).map((d) => d.userId),
        ['bob', 'cy'],
      );
      const photo = newPhoto({ userId: 'bob' });
      await photos.create(photo);
      t.equal((await photos.list({ userId: 'bob', limit: 10 })).items.length, 1, 'no record shows in the library');
    });

    t.test("deleteAlbumLinks and forgetUser: an album's links, and a user's counters", async (t) => {
      const { deletions, photos, albums } = await make(t);
      const at = '2026-01-01T00:00:00.000Z';
      const albumId = newId();
      await albums.create(
        { albumId, userId: 'ann', title: 'A', description: '', coverPhotoId: null, createdAt: at, updatedAt: at },
        10,
      );
      const photo = newPhoto({ userId: 'ann' });
      await photos.create(photo);
      const link = (target: { photoId: string; albumId: string | null }): Share => ({
        shareId: newId(),
        ...target,
        userId: 'ann',
        tokenHash: newId(),
        variant: 'preview',
        createdAt: at,
        expiresAt: '2026-01-02T00:00:00.000Z',
        revokedAt: null,
        views: 0,
        passwordHash: null,
        allowDownload: false,
        maxViews: null,
      });
      const albumLink = link({ photoId: '', albumId });
      const photoLink = link({ photoId: photo.photoId, albumId: null });
      t.equal(await photos.createShare(albumLink, 10), 'created');
      t.equal(await photos.createShare(photoLink, 10), 'created');
      await deletions.deleteAlbumLinks(albumId);
      t.equal(await photos.findShareByTokenHash(albumLink.tokenHash), null, 'the album link is not found by its token');
      t.equal(await photos.getShare(albumLink.shareId), null, 'nor by its id');
      t.ok(await photos.findShareByTokenHash(photoLink.tokenHash), "a photo's link is not an album's");
      await deletions.deleteAlbumLinks(albumId); // a repeat is harmless

      await photos.delete(photo.photoId);
      await deletions.forgetUser('ann');
      t.same(await photos.usage('ann'), { photos: 0, bytes: 0 }, 'no usage left');
      await deletions.forgetUser('ann');
    });
  });
}
