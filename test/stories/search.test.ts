import t from 'tap';
import { Client } from '../helpers/client.js';
import { fixture, startTestService } from '../helpers/service.js';

interface Found {
  photoId: string;
  camera: { make: string | null; model: string | null } | null;
  takenAt: string | null;
  labels: { name: string }[];
}

t.test('search: words, tags, labels, camera and dates over real photos, and the refusals', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'local' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const ben = new Client(url);
  await ben.signUpAndLogin('ben@example.com');
  const phone = await ann.upload(fixture('iphone4s-orient6-gps.jpg'), 'IMG_2045.JPG', {
    title: 'Morning at the harbour',
    tags: 'boats, trip',
  });
  const starfish = await ann.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg', { tags: 'trip' });
  const a: Found = await ann.waitForPhoto(phone.body.photoId);
  const b: Found = await ann.waitForPhoto(starfish.body.photoId);
  await ben.upload(fixture('nokia-starfish-gps.jpg'), 'starfish.jpg');
  t.ok(a.camera?.model && b.camera?.model && a.camera.model !== b.camera.model, 'two cameras');
  t.ok(a.takenAt && b.takenAt && a.takenAt !== b.takenAt, 'two dates');

  const ids = async (query: string) => {
    const res = await ann.json('GET', `/photos?${query}`);
    t.equal(res.status, 200, query);
    return (res.body.items as Found[]).map((p) => p.photoId).sort();
  };
  t.same(await ids('q=harbour'), [a.photoId], 'a word of the title');
  t.same(await ids('q=HARB'), [a.photoId], 'any case, the start of a word');
  t.same(await ids('q=starfish'), [b.photoId], 'the filename; not ben’s photo');
  t.same(await ids('q=img_2045'), [a.photoId], 'a filename with its punctuation');
  t.same(await ids('q=boats%20trip'), [a.photoId], 'every word');
  t.same(await ids('tag=trip'), [a.photoId, b.photoId].sort());
  t.same(await ids(`camera=${encodeURIComponent(a.camera!.model!.toUpperCase())}`), [a.photoId], 'the model, any case');
  t.same(await ids(`camera=${encodeURIComponent(b.camera!.make!)}`), [b.photoId], 'the make');
  const day = a.takenAt!.slice(0, 10);
  t.same(await ids(`from=${day}&to=${day}`), [a.photoId], 'taken that day');
  t.same(await ids(`tag=trip&from=${day}&to=${day}`), [a.photoId], 'filters combine');
  const label = a.labels[0]?.name;
  if (label) {
    const withLabel = await ids(`label=${encodeURIComponent(label.toLowerCase())}`);
    t.ok(withLabel.includes(a.photoId), `the label ${label}`);
  } else {
    t.fail('the local labeler gave the photo no label');
  }

  const first = await ann.json('GET', '/photos?tag=trip&limit=1');
  const second = await ann.json('GET', `/photos?tag=trip&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  t.same(
    [first.body.items[0].photoId, second.body.items[0].photoId].sort(),
    [a.photoId, b.photoId].sort(),
    'a filtered listing pages',
  );

  for (const [query, why] of [
    ['from=2024-13-45', 'a date that is none'],
    ['from=yesterday', 'not a date'],
    ['from=2024-02-02&to=2024-01-01', 'from after to'],
    [`q=${Array.from({ length: 11 }, (_, i) => `w${i}`).join('%20')}`, 'eleven words'],
    [`q=${'x'.repeat(201)}`, 'too long'],
    ['label=', 'an empty label'],
    ['albumz=1', 'an unknown filter'],
  ] as const) {
    const res = await ann.json('GET', `/photos?${query}`);
    t.equal(res.status, 400, why);
    t.ok(res.body.error?.code, 'in the error envelope');
  }
});

t.test('albumId: only the photos of one of your albums, never a stale page', async (t) => {
  const { url } = await startTestService(t, { LABELS: 'off' });
  const ann = new Client(url);
  await ann.signUpAndLogin('ann@example.com');
  const ben = new Client(url);
  await ben.signUpAndLogin('ben@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');
  const a = (await ann.upload(jpeg, 'a.jpg', { title: 'reef' })).body.photoId;
  const b = (await ann.upload(fixture('iphone4s-orient6-gps.jpg'), 'b.jpg', { title: 'reef' })).body.photoId;
  const { albumId } = (await ann.json('POST', '/albums', { title: 'Dive' })).body;
  const inAlbum = async (extra = '') =>
    ((await ann.json('GET', `/photos?albumId=${albumId}${extra}`)).body.items as { photoId: string }[]).map((p) => p.photoId);
  t.same(await inAlbum(), [], 'an empty album');
  await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [a] });
  t.same(await inAlbum(), [a], 'the page is rebuilt once a photo is added');
  t.same(await inAlbum('&q=reef'), [a], 'with other filters');
  await ann.json('POST', `/albums/${albumId}/photos`, { photoIds: [b] });
  t.same((await inAlbum()).sort(), [a, b].sort());
  await ann.json('DELETE', `/albums/${albumId}/photos`, { photoIds: [a] });
  t.same(await inAlbum(), [b], 'and once one is removed');
  t.equal((await ben.json('GET', `/photos?albumId=${albumId}`)).status, 404, "another user's album is a 404");
  t.equal((await ann.json('GET', '/photos?albumId=AAAAAAAAAAAAAAAAAAAAAA')).status, 404, 'so is a missing one');
  t.equal((await ann.json('GET', '/photos?albumId=bad.id')).status, 400, 'a malformed id is a 400');
  t.equal((await ann.request('DELETE', `/albums/${albumId}`)).status, 204);
  t.equal((await ann.json('GET', `/photos?albumId=${albumId}`)).status, 404, 'a deleted album is a 404');
});
