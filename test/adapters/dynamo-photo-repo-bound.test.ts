import t from 'tap';
import { DynamoPhotoRepo } from '../../src/adapters/aws/dynamo-photo-repo.js';
import type { ListPosition } from '../../src/domain/cursor.js';
import { TABLE, startDynamo } from '../helpers/emulators.js';
import { newPhoto } from '../helpers/factories.js';

t.test('a filtered listing reads a bounded number of photos per request, and its cursor reads on', async (t) => {
  const repo = new DynamoPhotoRepo((await startDynamo(t)).client, TABLE, 10);
  const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
  const rare = newPhoto({ userId: 'una', createdAt: minute(0), tags: ['rare'] });
  await repo.create(rare);
  for (let m = 1; m <= 30; m++) await repo.create(newPhoto({ userId: 'una', createdAt: minute(m), tags: ['common'] }));

  const first = await repo.list({ userId: 'una', limit: 5, tag: 'rare' });
  t.same(first.items, [], 'the newest ten hold none: a short page');
  t.ok(first.next, 'with a cursor to read on');

  const pages = [first];
  let after: ListPosition | null = first.next;
  while (after) {
    const page = await repo.list({ userId: 'una', limit: 5, tag: 'rare', after });
    pages.push(page);
    after = page.next;
  }
  t.same(
    pages.flatMap((p) => p.items.map((photo) => photo.photoId)),
    [rare.photoId],
    'the rare one found once, at the end',
  );
  t.ok(pages.length >= 3, `over ${pages.length} requests of at most ten photos read`);
  t.equal((await repo.list({ userId: 'una', limit: 5 })).items.length, 5, 'an unfiltered page is always full');
});
