import exifr from 'exifr';
import t from 'tap';
import { takenSort } from '../../src/domain/photo.js';
import { startAwsTestService } from '../helpers/aws-service.js';
import { Client } from '../helpers/client.js';
import { fixture } from '../helpers/service.js';
import { unzip } from '../helpers/unzip.js';

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * MODE=aws: the timeline in date-taken order (DynamoDB Local's byTaken index) and a selection downloaded as one zip
 * streamed from S3 (s3rver), through a ticket kept in the table.
 */
t.test('MODE=aws: GET /photos?order=taken and a zip of originals from S3', async (t) => {
  const svc = await startAwsTestService(t, { LABELS: 'off' });
  const ann = new Client(svc.url, svc.confirmUser);
  await ann.signUpAndLogin('ann@example.com');
  const files = [
    { name: 'starfish.jpg', bytes: fixture('nokia-starfish-gps.jpg'), type: 'image/jpeg' },
    { name: 'no-date.png', bytes: fixture('iphonexr-upright-24x32.png'), type: 'image/png' },
    { name: 'iphone.jpg', bytes: fixture('iphone4s-orient6-gps.jpg'), type: 'image/jpeg' },
    // The same name again, other bytes: the zip names it "starfish (2).jpg".
    { name: 'starfish.jpg', bytes: Buffer.concat([fixture('nokia-starfish-gps.jpg'), Buffer.from('tail')]), type: 'image/jpeg' },
  ];
  const photos: any[] = [];
  for (const file of files) {
    const upload = await ann.upload(file.bytes, file.name, {}, file.type);
    t.equal(upload.status, 201, file.name);
    photos.push(await ann.waitForPhoto(upload.body.photoId));
  }
  t.ok(photos[0].takenAt && photos[2].takenAt, 'the worker read the dates taken');
  t.equal(photos[1].takenAt, null, 'the PNG has none');

  const expected = [...photos]
    // Bytewise, as DynamoDB and SQLite compare (localeCompare would ignore case).
    .sort((a, b) => byteOrder(takenSort(b), takenSort(a)) || byteOrder(b.photoId, a.photoId))
    .map((p) => p.photoId);
  const byUpload = photos.map((p) => p.photoId).reverse();
  t.notSame(expected, byUpload, 'the two orders differ here');
  const timeline: string[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await ann.json('GET', `/photos?order=taken&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    t.equal(page.status, 200);
    timeline.push(...page.body.items.map((p: any) => p.photoId));
    cursor = page.body.nextCursor;
  } while (cursor);
  t.same(timeline, expected, 'newest taken first, paged through byTaken');
  t.same(
    (await ann.json('GET', '/photos')).body.items.map((p: any) => p.photoId),
    byUpload,
    'the default is unchanged',
  );

  const made = await ann.json('POST', '/downloads', { photoIds: photos.map((p) => p.photoId) });
  t.equal(made.status, 201);
  const res = await fetch(new URL(made.body.url, svc.url));
  t.equal(res.status, 200, 'no Authorization header needed');
  t.equal(res.headers.get('content-type'), 'application/zip');
  t.match(res.headers.get('content-disposition'), /^attachment; filename="photoshare-\d{4}-\d{2}-\d{2}\.zip"$/);
  const entries = unzip(Buffer.from(await res.arrayBuffer()));
  t.same(
    entries.map((e) => e.name),
    ['starfish.jpg', 'no-date.png', 'iphone.jpg', 'starfish (2).jpg'],
  );
  for (const [i, file] of files.entries())
    t.ok(entries[i]!.bytes.equals(file.bytes), `${entries[i]!.name}: the original from S3`);
  const gps = await exifr.gps(entries[0]!.bytes);
  t.ok(gps.latitude, "the owner's own originals keep their GPS position");

  const bob = new Client(svc.url, svc.confirmUser);
  await bob.signUpAndLogin('bob@example.com');
  t.equal((await bob.json('POST', '/downloads', { photoIds: [photos[0].photoId] })).status, 404, "not another user's");
});
