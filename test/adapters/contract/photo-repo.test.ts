import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import { openDatabase } from '../../../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../../../src/adapters/local/sqlite-photo-repo.js';
import type { Photo, ProcessedResult } from '../../../src/domain/photo.js';
import { newPhoto as photoRecord } from '../../helpers/factories.js';
import type { Share } from '../../../src/domain/share.js';
import type { PhotoRepo } from '../../../src/ports/photo-repo.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';

const adapters: Record<string, (t: Test) => Promise<PhotoRepo>> = {
  SQLite: async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return new SqlitePhotoRepo(db, () => undefined);
  },
  'DynamoDB (dynalite)': async (t) => new DynamoPhotoRepo((await startDynamo(t)).client, TABLE),
};

let counter = 0;
function newPhoto(userId: string, minute: number, tags: string[] = []): Photo {
  const photoId = `photo${String(++counter).padStart(17, '0')}`;
  return photoRecord({ userId, photoId, tags, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString() });
}

const result: ProcessedResult = {
  width: 640,
  height: 480,
  takenAt: '2020-01-24T23:11:53',
  camera: { make: 'Xiaomi', model: 'Mi A3' },
  variants: {
    thumbnail: { key: 'processed/u/p/thumbnail.jpg', contentType: 'image/jpeg', width: 200, height: 150, size: 10, etag: '"t"' },
    preview: { key: 'processed/u/p/preview.jpg', contentType: 'image/jpeg', width: 640, height: 480, size: 99, etag: '"p"' },
  },
  labels: [{ name: 'Sea', confidence: 91.5 }],
  moderation: [],
};

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
  };
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`PhotoRepo contract: ${name}`, async (t) => {
    const repo = await make(t);
    const now = new Date();

    t.test('create, get; a second create of the same id is refused', async (t) => {
      const photo = newPhoto('alice', 1, ['sea']);
      await repo.create(photo);
      t.same(await repo.get(photo.photoId), photo);
      await t.rejects(repo.create(photo), 'no overwrite');
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
      await repo.createShare(a);
      await repo.createShare(b);
      t.same(await repo.getShare(a.shareId), a);
      t.same(await repo.findShareByTokenHash(b.tokenHash), b);
      t.equal(await repo.findShareByTokenHash('unknown'), null);
      t.same(
        (await repo.listShares(photo.photoId)).map((s) => s.shareId),
        [b.shareId, a.shareId],
        'newest first',
      );
      await repo.countView(a.shareId);
      await repo.countView(a.shareId);
      t.equal((await repo.getShare(a.shareId))!.views, 2);
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
      t.same(await repo.listShares(photo.photoId), []);
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
      await repo.createShare(newShare(photo, 1));
      t.equal(await repo.libraryVersion('fran'), before, "another user's photo and a share leave it alone");
    });

    t.test('check passes', async (t) => {
      await repo.check();
      t.pass();
    });
  });
}
