import t from 'tap';
import type { Photo, ProcessedResult } from '../../../src/domain/photo.js';
import type { ListQuery } from '../../../src/ports/photo-repo.js';
import { photoRepoAdapters } from '../../helpers/photo-repo-adapters.js';
import { newPhoto as photoRecord } from '../../helpers/factories.js';

const adapters = photoRepoAdapters;

let counter = 0;
function newPhoto(userId: string, minute: number, overrides: Partial<Photo> = {}): Photo {
  const photoId = `search${String(++counter).padStart(16, '0')}`;
  return photoRecord({ userId, photoId, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), ...overrides });
}

function processed(overrides: Partial<ProcessedResult>): ProcessedResult {
  return {
    width: 640,
    height: 480,
    thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
    takenAt: null,
    camera: null,
    variants: {
      thumbnail: { key: 'processed/u/p/thumbnail.jpg', contentType: 'image/jpeg', width: 200, height: 150, size: 1, etag: '"t"' },
      preview: { key: 'processed/u/p/preview.jpg', contentType: 'image/jpeg', width: 640, height: 480, size: 1, etag: '"p"' },
    },
    labels: [],
    moderation: [],
    ...overrides,
  };
}

const now = new Date(Date.UTC(2026, 5, 1));

for (const [name, make] of Object.entries(adapters)) {
  t.test(`PhotoRepo search contract: ${name}`, async (t) => {
    const repo = await make(t);
    const user = `searcher-${name.length}`;
    const beach = newPhoto(user, 1, { title: 'Sunset at the beach', filename: 'IMG_0001.JPG', tags: ['holiday'] });
    const city = newPhoto(user, 2, { title: 'Old town', description: 'Streets of Lisbon', tags: ['holiday', 'city'] });
    const cat = newPhoto(user, 3, { filename: 'whiskers.heic' });
    const plain = newPhoto(user, 4);
    const foreign = newPhoto('someone-else', 5, { title: 'Sunset at the beach' });
    for (const p of [beach, city, cat, plain, foreign]) await repo.create(p);
    await repo.markReady(
      beach.photoId,
      processed({
        takenAt: '2024-07-31T20:15:00+02:00',
        camera: { make: 'Apple', model: 'iPhone XR' },
        labels: [
          { name: 'Sea', confidence: 99 },
          { name: 'Palm Tree', confidence: 80 },
        ],
      }),
      now,
    );
    await repo.markReady(
      city.photoId,
      processed({ takenAt: '2023-05-01T10:00:00', camera: { make: 'NIKON', model: 'D750' } }),
      now,
    );
    await repo.markReady(cat.photoId, processed({ labels: [{ name: 'Cat', confidence: 95 }] }), now);

    const found = async (query: Omit<ListQuery, 'userId' | 'limit'>) =>
      (await repo.list({ userId: user, limit: 50, ...query })).items.map((p) => p.photoId);

    t.same(await found({ words: ['sunset'] }), [beach.photoId], 'a word of the title; only the caller’s photos');
    t.same(await found({ words: ['lisbon'] }), [city.photoId], 'of the description');
    t.same(await found({ words: ['whiskers'] }), [cat.photoId], 'of the filename');
    t.same(await found({ words: ['city'] }), [city.photoId], 'a tag');
    t.same(await found({ words: ['palm'] }), [beach.photoId], 'a label');
    t.same(await found({ words: ['nikon'] }), [city.photoId], 'the camera');
    t.same(await found({ words: ['holiday', 'palm'] }), [beach.photoId], 'every word must match');
    t.same(await found({ words: ['sunse'] }), [beach.photoId], 'the start of a word is enough');
    t.same(await found({ words: ['nothing'] }), []);

    t.same(await found({ tag: 'holiday' }), [city.photoId, beach.photoId], 'a tag, newest first');
    t.same(await found({ label: 'palm tree' }), [beach.photoId], 'a label by its whole name');
    t.same(await found({ label: 'palm' }), [], 'not part of it');
    t.same(await found({ camera: 'apple' }), [beach.photoId], 'the make');
    t.same(await found({ camera: 'iphone xr' }), [beach.photoId], 'or the model');

    t.same(
      await found({ from: '2024-07-31T00:00:00.000Z', to: '2024-08-01T00:00:00.000Z' }),
      [beach.photoId],
      'taken that day (UTC)',
    );
    t.same(
      await found({ from: '2024-07-31T18:15:00.000Z', to: '2024-07-31T18:15:00.001Z' }),
      [beach.photoId],
      'at its instant: 20:15 at +02:00 is 18:15 UTC',
    );
    t.same(await found({ to: '2024-01-01T00:00:00.000Z' }), [city.photoId], 'a wall-clock time without offset read as UTC');
    t.same(
      await found({ from: '2026-01-01T00:02:30.000Z' }),
      [plain.photoId, cat.photoId],
      'without a date taken, the upload time counts',
    );
    t.same(await found({ tag: 'holiday', from: '2024-01-01T00:00:00.000Z' }), [beach.photoId], 'filters combine');

    await repo.update(plain.photoId, { favorite: true, title: 'Harbour lights' }, now);
    t.same(await found({ words: ['harbour'] }), [plain.photoId], 'an edit is searchable at once');
    t.same(await found({ words: ['harbour'], favorite: true }), [plain.photoId], 'with the favourites');
    await repo.update(plain.photoId, { title: 'Quay' }, now);
    t.same(await found({ words: ['harbour'] }), [], 'and the old words are forgotten');
    await repo.update(city.photoId, { tags: ['work'] }, now);
    t.same(await found({ tag: 'holiday' }), [beach.photoId], 'so are old tags');

    await repo.trash(beach, now);
    t.same(await found({ words: ['sunset'] }), [], 'a trashed photo is not found');
    t.same(await found({ camera: 'apple' }), []);
    await repo.restore(beach, now);
    t.same(await found({ words: ['sunset'] }), [beach.photoId], 'a restored one is again');

    const first = await repo.list({ userId: user, limit: 1, tag: 'holiday', words: ['sunset'] });
    t.same(
      first.items.map((p) => p.photoId),
      [beach.photoId],
    );
    if (first.next) {
      const rest = await repo.list({ userId: user, limit: 1, tag: 'holiday', words: ['sunset'], after: first.next });
      t.same(rest.items, [], 'nothing repeats on the next page');
    }
    await repo.delete(beach.photoId);
    t.same(await found({ words: ['sunset'] }), [], 'a purged photo leaves the index');
  });
}
