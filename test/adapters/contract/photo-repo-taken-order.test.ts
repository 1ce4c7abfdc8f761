import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import t from 'tap';
import { DynamoPhotoRepo } from '../../../src/adapters/aws/dynamo-photo-repo.js';
import type { Photo, ProcessedResult } from '../../../src/domain/photo.js';
import type { ListQuery, PhotoRepo } from '../../../src/ports/photo-repo.js';
import { TABLE, startDynamo } from '../../helpers/emulators.js';
import { newPhoto as photoRecord } from '../../helpers/factories.js';
import { photoRepoAdapters } from '../../helpers/photo-repo-adapters.js';

let counter = 0;
/** Uploaded at 2026-01-01 00:<minute>; ids increase with the counter. */
function newPhoto(userId: string, minute: number, overrides: Partial<Photo> = {}): Photo {
  const photoId = `taken${String(++counter).padStart(17, '0')}`;
  return photoRecord({ userId, photoId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), ...overrides });
}

function processed(takenAt: string | null): ProcessedResult {
  return {
    width: 640,
    height: 480,
    thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
    takenAt,
    camera: null,
    variants: {
      thumbnail: { key: 'processed/u/p/thumbnail.jpg', contentType: 'image/jpeg', width: 200, height: 150, size: 1, etag: '"t"' },
      preview: { key: 'processed/u/p/preview.jpg', contentType: 'image/jpeg', width: 640, height: 480, size: 1, etag: '"p"' },
    },
    labels: [],
    moderation: [],
  };
}

const now = new Date(Date.UTC(2026, 5, 1));
const ids = (photos: Photo[]) => photos.map((p) => p.photoId);

/** Every page of a listing, `limit` at a time. */
async function allPages(repo: PhotoRepo, query: ListQuery): Promise<{ photos: Photo[]; pages: number }> {
  const photos: Photo[] = [];
  let after = query.after;
  let pages = 0;
  for (;;) {
    const page = await repo.list({ ...query, ...(after && { after }) });
    photos.push(...page.items);
    pages += 1;
    if (!page.next) return { photos, pages };
    after = page.next;
  }
}

for (const [name, make] of Object.entries(photoRepoAdapters)) {
  t.test(`PhotoRepo date-taken order contract: ${name}`, async (t) => {
    const repo = await make(t);
    const user = `taker-${name.length}`;
    // Uploaded in the order a, b, c, d, e, f; taken in another: e (none: its upload time), f (none), and b and d at the same instant.
    const a = newPhoto(user, 1, { tags: ['sea'] });
    const b = newPhoto(user, 2, { tags: ['sea'] });
    const c = newPhoto(user, 3);
    const d = newPhoto(user, 4, { tags: ['sea'] });
    const e = newPhoto(user, 5);
    const f = newPhoto(user, 6, { tags: ['sea'] });
    const other = newPhoto('someone-else', 7);
    for (const p of [a, b, c, d, e, f, other]) await repo.create(p);
    await repo.markReady(a.photoId, processed('2025-03-01T12:00:00Z'), now);
    await repo.markReady(b.photoId, processed('2024-06-01T10:00:00+02:00'), now);
    await repo.markReady(c.photoId, processed('2025-12-24T18:00:00'), now);
    await repo.markReady(d.photoId, processed('2024-06-01T08:00:00Z'), now); // the same instant as b
    await repo.markReady(e.photoId, processed(null), now);
    await repo.markReady(other.photoId, processed('2030-01-01T00:00:00Z'), now);
    // Newest taken first; e and f (uploaded 2026-01-01) have no date taken; b and d tie, the larger id first.
    const expected = [f, e, c, a, d, b];

    t.test('newest taken first, ties by photo id, the same however it is paged; only the owner', async (t) => {
      t.same(ids((await repo.list({ userId: user, limit: 50, order: 'taken' })).items), ids(expected));
      for (const limit of [1, 2, 4]) {
        const { photos, pages } = await allPages(repo, { userId: user, limit, order: 'taken' });
        t.same(ids(photos), ids(expected), `pages of ${limit}`);
        t.equal(pages, Math.ceil(expected.length / limit), `${pages} pages`);
      }
      const first = await repo.list({ userId: user, limit: 3, order: 'taken' });
      t.same(first.next, { createdAt: '2025-12-24T18:00:00.000Z', photoId: c.photoId }, 'a position is the takenSort and the id');
      t.same(
        ids((await repo.list({ userId: user, limit: 50 })).items),
        ids([f, e, d, c, b, a]),
        'the default is still by upload',
      );
    });

    t.test('every filter works in date-taken order', async (t) => {
      const found = async (query: Omit<ListQuery, 'userId' | 'limit' | 'order'>) =>
        ids((await allPages(repo, { userId: user, limit: 2, order: 'taken', ...query })).photos);
      t.same(await found({ tag: 'sea' }), ids([f, a, d, b]), 'a tag');
      t.same(
        await found({ from: '2024-06-01T08:00:00.000Z', to: '2025-12-24T18:00:00.000Z' }),
        ids([a, d, b]),
        'from (included) to (excluded)',
      );
      t.same(await found({ from: '2025-01-01T00:00:00.000Z' }), ids([f, e, c, a]), 'from alone');
      t.same(await found({ to: '2025-03-01T12:00:00.001Z' }), ids([a, d, b]), 'to alone');
      t.same(await found({ tag: 'sea', to: '2025-01-01T00:00:00.000Z' }), ids([d, b]), 'a tag and a range');
      await repo.update(c.photoId, { favorite: true }, now);
      await repo.update(b.photoId, { favorite: true }, now);
      t.same(await found({ favorite: true }), ids([c, b]), 'favourites');
      t.same(await found({ favorite: true, tag: 'sea' }), ids([b]), 'favourites with a tag');
    });

    t.test('a trashed photo leaves the date-taken listing and comes back when restored', async (t) => {
      const trashed = await repo.trash(a, now);
      t.ok(trashed);
      t.same(ids((await repo.list({ userId: user, limit: 50, order: 'taken' })).items), ids([f, e, c, d, b]));
      t.same(
        ids((await repo.list({ userId: user, limit: 50, order: 'taken', tag: 'sea' })).items),
        ids([f, d, b]),
        'nor filtered',
      );
      await repo.restore(trashed!, now);
      t.same(ids((await repo.list({ userId: user, limit: 50, order: 'taken' })).items), ids(expected), 'back in its place');
    });
  });
}

t.test('DynamoDB: photos written before byTaken get their takenKey from the backfill, once', async (t) => {
  const { client } = await startDynamo(t);
  const repo = new DynamoPhotoRepo(client, TABLE);
  const doc = DynamoDBDocumentClient.from(client);
  const old = newPhoto('olden', 1);
  const olderTrashed = newPhoto('olden', 2);
  const fresh = newPhoto('olden', 3);
  for (const p of [old, olderTrashed, fresh]) await repo.create(p);
  await repo.markReady(old.photoId, processed('2020-02-02T02:02:02Z'), now);
  await repo.trash(olderTrashed, now);
  // As an item written by the code before byTaken: no takenKey.
  for (const p of [old, olderTrashed]) {
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: p.photoId }, UpdateExpression: 'REMOVE takenKey' }));
  }
  t.same(ids((await repo.list({ userId: 'olden', limit: 10, order: 'taken' })).items), ids([fresh]), 'missing from byTaken');

  const firstPass = await repo.backfillTakenKeys(1);
  t.same(firstPass, { written: 1, more: true, done: false }, 'bounded');
  t.same(await repo.backfillTakenKeys(), { written: 1, more: false, done: false }, 'the rest; a later pass confirms');
  t.same(ids((await repo.list({ userId: 'olden', limit: 10, order: 'taken' })).items), ids([fresh, old]));
  const trashedItem = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: olderTrashed.photoId } }));
  t.equal(trashedItem.Item?.takenKey, `${olderTrashed.createdAt}#${olderTrashed.photoId}`, 'a trashed photo too');
  t.same(
    ids((await repo.list({ userId: 'olden', limit: 10, order: 'taken' })).items),
    ids([fresh, old]),
    'still out of the library',
  );
  await repo.restore({ ...olderTrashed, trashedAt: now.toISOString() }, now);
  t.same(
    ids((await repo.list({ userId: 'olden', limit: 10, order: 'taken' })).items),
    ids([fresh, olderTrashed, old]),
    'restored into its place',
  );

  t.same(await repo.backfillTakenKeys(), { written: 0, more: false, done: true }, 'a pass with nothing left marks it done');
  t.same(await repo.backfillTakenKeys(), { written: 0, more: false, done: true }, 'then it reads only the mark');
  t.notOk(await repo.get('migration#takenKey'), 'the mark is no photo');
});
