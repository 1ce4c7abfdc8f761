import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import t from 'tap';
import { BUCKETS } from '../helpers/emulators.js';
import { startAwsTestService } from '../helpers/aws-service.js';
import { Client, fetchBytes, waitFor } from '../helpers/client.js';
import { distinctJpeg } from '../helpers/images.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { fixture } from '../helpers/service.js';

const PASSWORD = 'correct-horse-9';
const HOUR = 3_600_000;

/**
 * The same HTTP story as test/stories/account-deletion.test.ts, in MODE=aws: Cognito's DeleteUser (cognito-local),
 * the deletion record and the purge in DynamoDB Local, the blobs in s3rver. (Signing out everywhere is Cognito's
 * GlobalSignOut, which cognito-local lacks: test/adapters/contract/accounts.test.ts checks its request on the wire.)
 */
t.test('MODE=aws: deleting an account, with Cognito, DynamoDB and S3', async (t) => {
  const clock = new SteppedClock();
  // The worker's account sweep runs every second here, so the record's removal is seen once the clock passes it.
  const svc = await startAwsTestService(t, { LABELS: 'local', TRASH_SWEEP_SECONDS: '1' }, { clock });
  const ann = new Client(svc.url, svc.confirmUser);
  const bob = new Client(svc.url, svc.confirmUser);
  const annId = await ann.signUpAndLogin('ann@example.com');
  const bobId = await bob.signUpAndLogin('bob@example.com');
  const jpeg = fixture('nokia-starfish-gps.jpg');

  const annPhotos: any[] = [];
  for (let i = 0; i < 2; i++) {
    const upload = await ann.upload(distinctJpeg(jpeg, i), `p${i}.jpg`);
    annPhotos.push(await ann.waitForPhoto(upload.body.photoId));
  }
  const bobPhoto = await bob.waitForPhoto((await bob.upload(distinctJpeg(jpeg, 7), 'bob.jpg')).body.photoId);
  const album = await ann.json('POST', '/albums', { title: 'Trip' });
  await ann.json('POST', `/albums/${album.body.albumId}/photos`, { photoIds: [annPhotos[0].photoId] });
  const albumLink = (await ann.json('POST', `/albums/${album.body.albumId}/share`, {})).body.url as string;
  const photoLink = (await ann.json('POST', `/photos/${annPhotos[1].photoId}/share`, {})).body.url as string;
  const bobLink = (await bob.json('POST', `/photos/${bobPhoto.photoId}/share`, {})).body.url as string;
  t.equal((await fetchBytes(photoLink)).status, 302, 'the link redirects to the CDN before');

  t.match(await ann.json('DELETE', '/me', { password: 'not-my-password-1' }), { status: 401 });
  t.match(await ann.json('DELETE', '/me', { password: PASSWORD }), { status: 202, body: { status: 'deleting' } });

  t.equal((await ann.request('GET', '/photos')).status, 401, 'the old access token is refused');
  t.equal((await fetchBytes(photoLink)).status, 404, 'the photo link is gone');
  t.equal((await fetchBytes(albumLink)).status, 404, 'the album link too');
  t.equal(
    (await new Client(svc.url).json('POST', '/auth/login', { email: 'ann@example.com', password: PASSWORD })).status,
    401,
    'Cognito no longer knows the account',
  );
  t.equal((await new Client(svc.url).json('POST', '/auth/refresh', { refreshToken: ann.refreshToken })).status, 401);

  const keysUnder = async (bucket: string, prefix: string) =>
    (await svc.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).KeyCount ?? 0;
  t.ok(
    await waitFor(
      async () =>
        (await keysUnder(BUCKETS.originals, `originals/${annId}/`)) === 0 &&
        (await keysUnder(BUCKETS.processed, `processed/${annId}/`)) === 0,
      { timeoutMs: 20_000, intervalMs: 200 },
    ),
    'the originals and derived images are gone from S3',
  );
  const { adapters } = svc.service;
  t.ok(
    await waitFor(async () => (await adapters.photos.get(annPhotos[0].photoId)) === null, { timeoutMs: 10_000 }),
    'the photo items are gone from DynamoDB',
  );
  t.equal(await adapters.albums.get(album.body.albumId), null, 'and the album');
  t.same(await adapters.photos.usage(annId), { photos: 0, bytes: 0 }, 'and the usage');
  t.ok(await adapters.deletions.get(annId), 'the record stays while an access token of the account could still be valid');

  t.equal((await bob.json('GET', `/photos/${bobPhoto.photoId}`)).status, 200, "bob's photo is there");
  t.equal((await fetchBytes(bobLink)).status, 302, 'and his link');
  t.equal(await keysUnder(BUCKETS.originals, `originals/${bobId}/`), 1, 'and his original');

  clock.advance(25 * HOUR);
  t.ok(
    await waitFor(async () => (await adapters.deletions.get(annId)) === null, { timeoutMs: 10_000, intervalMs: 200 }),
    'then the worker removes it',
  );
});
