import sharp from 'sharp';
import t from 'tap';
import { takenSort } from '../../src/domain/photo.js';
import { Client, fetchBytes } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

t.test('albums over real HTTP with real photographs', async (t) => {
  const { url } = await startTestService(t);
  const alice = new Client(url);
  await alice.signUpAndLogin('alice@example.com');
  const bob = new Client(url);
  await bob.signUpAndLogin('bob@example.com');

  const uploads = [
    await alice.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg'),
    await alice.upload(fixture('iphone4s-orient6-gps.jpg'), 'portrait.jpg'),
    await alice.upload(fixture('xiaomi-mi3-13mp.jpg'), 'street.jpg'),
  ];
  const photos = [];
  for (const upload of uploads) photos.push(await alice.waitForPhoto(upload.body.photoId));
  t.ok(
    photos.every((photo) => photo.status === 'ready'),
    'all three processed',
  );
  const newestTaken = [...photos].sort((a, b) => takenSort(b).localeCompare(takenSort(a)));

  const created = await alice.json('POST', '/albums', { title: 'Holidays', description: 'the good ones' });
  t.equal(created.status, 201);
  const { albumId } = created.body;
  const added = await alice.json('POST', `/albums/${albumId}/photos`, { photoIds: photos.map((p) => p.photoId) });
  t.equal(added.status, 200);
  t.match(added.body, { photoCount: 3, coverPhotoId: newestTaken[0].photoId });

  const cover = await fetchBytes(added.body.coverUrl);
  t.equal(cover.status, 200, 'the cover URL serves');
  t.equal(cover.headers.get('content-type'), 'image/jpeg');
  t.ok((await sharp(cover.body).metadata()).width <= 200, 'a thumbnail');

  const listed: { photoId: string; urls: { preview: string } }[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: typeof listed; nextCursor: string | null } } = await alice.json(
      'GET',
      `/albums/${albumId}/photos?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    t.equal(page.status, 200);
    listed.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  t.same(
    listed.map((p) => p.photoId),
    newestTaken.map((p) => p.photoId),
    'newest taken first, page by page',
  );
  t.equal((await fetchBytes(listed[0]!.urls.preview)).status, 200, "a listed photo's preview serves");

  t.equal((await bob.json('GET', `/albums/${albumId}`)).status, 404, "bob cannot see alice's album");
  const stolen = await bob.json('POST', '/albums', { title: 'mine' });
  const refused = await bob.json('POST', `/albums/${stolen.body.albumId}/photos`, { photoIds: [photos[0].photoId] });
  t.equal(refused.status, 404, "nor put alice's photos in his");

  t.equal((await alice.request('DELETE', `/photos/${newestTaken[0].photoId}`)).status, 204);
  t.match(
    (await alice.json('GET', `/albums/${albumId}`)).body,
    { photoCount: 2, coverPhotoId: newestTaken[1].photoId },
    'a deleted photo leaves its albums',
  );

  t.equal((await alice.request('DELETE', `/albums/${albumId}`)).status, 204);
  t.equal((await alice.json('GET', `/albums/${albumId}`)).status, 404);
  t.equal((await alice.json('GET', '/photos')).body.items.length, 2, 'the photos stay in the library');
  t.same((await alice.json('GET', '/albums')).body, { items: [], nextCursor: null });
});
