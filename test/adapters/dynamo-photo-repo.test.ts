import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
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

t.test('deletes undo only what their create did, once however many run at once', async (t) => {
  const { client } = await startDynamo(t);
  const repo = new DynamoPhotoRepo(client, TABLE);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  // A photo recorded before sha# and usage# items: neither counted nor findable by its bytes.
  const legacy = newPhoto({ userId: 'vic', size: 700 });
  await doc.send(new PutCommand({ TableName: TABLE, Item: { ...legacy, pk: legacy.photoId, type: 'photo' } }));
  const again = { ...newPhoto({ userId: 'vic', size: 700 }), sha256: legacy.sha256 };
  t.same(await repo.create(again), { created: true }, 'the same bytes again: the legacy photo is not found');
  t.same(await repo.usage('vic'), { photos: 1, bytes: 700 });

  await repo.delete(legacy.photoId);
  t.equal(await repo.get(legacy.photoId), null, 'the legacy photo can be deleted although sha# names the other');
  t.same(await repo.usage('vic'), { photos: 1, bytes: 700 }, 'and takes nothing off the usage it was never in');
  t.same(await repo.findBySha256('vic', [again.sha256]), [{ sha256: again.sha256, photoId: again.photoId }]);

  await Promise.all([repo.delete(again.photoId), repo.delete(again.photoId), repo.delete(again.photoId)]);
  t.same(await repo.usage('vic'), { photos: 0, bytes: 0 }, 'three deletes at once count it out once');
  t.same(await repo.findBySha256('vic', [again.sha256]), []);
});
