import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import exifr from 'exifr';
import { generate } from 'otplib';
import sharp from 'sharp';
import t from 'tap';
import { takenSort } from '../../src/domain/photo.js';
import { BUCKETS } from '../helpers/emulators.js';
import { startAwsEmulators } from '../helpers/aws-service.js';
import { Client, fetchBytes, fetchWhenPrepared, waitFor } from '../helpers/client.js';
import { SteppedClock } from '../helpers/manual-clock.js';
import { distinctJpeg } from '../helpers/images.js';
import { fixture, startTestService } from '../helpers/service.js';

/** The user id a client's access token names (Cognito's sub). */
const subjectOf = (client: Client): string =>
  JSON.parse(Buffer.from(client.accessToken!.split('.')[1]!, 'base64url').toString()).sub;

const follow = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, url: res.url, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
};

t.test('MODE=aws end to end: Cognito → S3 → event → SQS → worker → DynamoDB → CloudFront share', async (t) => {
  const emulators = await startAwsEmulators(t);
  // The services' clock: a share's expiry is jumped over, not waited for.
  const clock = new SteppedClock();
  const svc = { ...emulators, ...(await startTestService(t, emulators.env, { clock })) };
  const alice = new Client(svc.url, svc.confirmUser);

  t.test('sign-up needs confirmation, then sign-in works through Cognito', async (t) => {
    const signup = await alice.json('POST', '/auth/signup', { email: 'alice@example.com', password: 'correct-horse-9' });
    t.equal(signup.status, 201);
    t.equal(signup.body.confirmationRequired, true);
    const early = await alice.json('POST', '/auth/login', { email: 'alice@example.com', password: 'correct-horse-9' });
    t.equal(early.status, 403, 'unconfirmed');
    t.equal(early.body.error.code, 'not_confirmed');
    const badCode = await alice.json('POST', '/auth/confirm', { email: 'alice@example.com', code: '000000' });
    t.equal(badCode.status, 400, 'a wrong confirmation code');
    await svc.confirmUser('alice@example.com');
    const login = await alice.json('POST', '/auth/login', { email: 'alice@example.com', password: 'correct-horse-9' });
    t.equal(login.status, 200);
    alice.accessToken = login.body.accessToken;
    t.equal((await alice.json('GET', '/.well-known/jwks.json')).status, 404, 'Cognito publishes its own keys');
    const refreshed = await alice.json('POST', '/auth/refresh', { refreshToken: login.body.refreshToken });
    t.equal(refreshed.status, 200);
    // cognito-local has no GetTokensFromRefreshToken, so the adapter falls back to REFRESH_TOKEN_AUTH, which
    // never rotates: the refresh token to keep is the one sent. Cognito with rotation on answers a new one.
    t.equal(refreshed.body.refreshToken, login.body.refreshToken, 'cognito-local: the same refresh token, no rotation');
    const again = await alice.json('POST', '/auth/refresh', { refreshToken: refreshed.body.refreshToken });
    t.equal(again.status, 200, 'and it goes on working');
  });

  t.test('TOTP through Cognito: set up, verify, sign in with a code, turn off with the password and a code', async (t) => {
    const mfa = new Client(svc.url, svc.confirmUser);
    await mfa.signUpAndLogin('totp@example.com');
    const setup = await mfa.json('POST', '/auth/mfa/totp/setup');
    t.equal(setup.status, 200, 'AssociateSoftwareToken');
    t.match(setup.body.otpauthUri, /^otpauth:\/\/totp\/photoshare:totp%40example\.com\?secret=/);
    const code = () => generate({ secret: setup.body.secret });
    t.equal((await mfa.json('POST', '/auth/mfa/totp/verify', { code: '000000', password: 'correct-horse-9' })).status, 400);
    const noPassword = await mfa.json('POST', '/auth/mfa/totp/verify', { code: await code() });
    t.equal(noPassword.body.error.code, 'password_required', 'a token alone cannot turn TOTP on');
    const on = await mfa.json('POST', '/auth/mfa/totp/verify', { code: await code(), password: 'correct-horse-9' });
    t.same(
      on.body,
      { totp: true, recoveryCodes: null },
      'VerifySoftwareToken, SetUserMFAPreference; Cognito keeps no recovery codes',
    );
    t.same((await mfa.json('GET', '/auth/mfa')).body, { totp: true, recoveryCodesLeft: null });

    const login = await mfa.json('POST', '/auth/login', { email: 'totp@example.com', password: 'correct-horse-9' });
    t.equal(login.body.challenge, 'SOFTWARE_TOKEN_MFA', "Cognito's challenge, as the same answer");
    const wrong = await mfa.json('POST', '/auth/mfa/challenge', { session: login.body.session, code: '000000' });
    t.equal(wrong.status, 401);
    t.equal(wrong.body.error.code, 'invalid_mfa_code');
    const right = await mfa.json('POST', '/auth/mfa/challenge', { session: login.body.session, code: await code() });
    t.equal(right.status, 200, 'RespondToAuthChallenge');
    mfa.accessToken = right.body.accessToken;
    t.equal((await mfa.json('GET', '/me')).body.email, 'totp@example.com');

    const off = await mfa.json('DELETE', '/auth/mfa/totp', { code: await code() });
    t.equal(off.status, 400, 'Cognito checks a code only within a sign-in: the password too');
    t.equal(off.body.error.code, 'password_required');
    t.equal((await mfa.json('DELETE', '/auth/mfa/totp', { code: await code(), password: 'correct-horse-9' })).status, 204);
    const plain = await mfa.json('POST', '/auth/login', { email: 'totp@example.com', password: 'correct-horse-9' });
    t.ok(plain.body.accessToken, 'off again');
  });

  t.test('a 13 MP photo is processed from its S3 event', async (t) => {
    const original = fixture('xiaomi-mi3-13mp.jpg');
    const upload = await alice.upload(original, 'mi3.jpg', { tags: 'street' });
    t.equal(upload.status, 201);
    const stored = await svc.s3.client.send(
      new GetObjectCommand({ Bucket: BUCKETS.originals, Key: `originals/${subjectOf(alice)}/${upload.body.photoId}` }),
    );
    t.equal(Number(stored.ContentLength), original.length, 'the original is in the originals bucket');
    const photo = await alice.waitForPhoto(upload.body.photoId);
    t.equal(photo.status, 'ready');
    t.match(photo, { width: 4208, height: 3120, camera: { make: 'XIAOMI', model: 'MI3' }, takenAt: '2015-02-28T17:10:49' });
    const again = await alice.upload(original, 'mi3-again.jpg');
    t.match(again, { status: 409, body: { error: { code: 'duplicate' }, photoId: upload.body.photoId } }, 'the same bytes again');
    const kept = await svc.s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKETS.originals, Prefix: `originals/${subjectOf(alice)}/` }),
    );
    t.equal(kept.KeyCount, 1, "the duplicate's bytes were removed from S3");
    const me = await alice.json('GET', '/me');
    t.same(
      me.body,
      { userId: subjectOf(alice), email: 'alice@example.com', usage: { photos: 1, bytes: original.length }, quotaBytes: null },
      'GET /me: the email from Cognito (GetUser), the usage from DynamoDB',
    );
    t.same(
      photo.labels.map((l: any) => l.name),
      ['Photograph', 'Outdoors'],
      'labels from Rekognition',
    );
    t.ok(svc.rekognitionCalls.includes('DetectModerationLabels'));

    const thumb = await fetchBytes(photo.urls.thumbnail);
    t.equal(thumb.status, 200, 'the signed CloudFront URL is accepted');
    const meta = await sharp(thumb.body).metadata();
    t.same([meta.width, meta.height], [200, 148]);
    t.notOk(meta.exif, 'no EXIF');
    const tampered = photo.urls.thumbnail.replace('thumbnail.jpg', 'preview.jpg');
    t.equal((await fetchBytes(tampered)).status, 403, 'a changed path is refused by the CDN');

    const original302 = await alice.request('GET', `/photos/${photo.photoId}/original`);
    t.equal(original302.status, 302);
    t.match(original302.headers.get('location'), /X-Amz-Signature=/, 'an S3 presigned URL');
    t.same((await follow(original302.headers.get('location')!)).body, original, 'the owner downloads the original');
  });

  t.test('share links redirect to a short-lived CDN URL, and revoke at once', async (t) => {
    const { body } = await alice.json('GET', '/photos?tag=street');
    const photo = body.items[0];
    const share = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'thumbnail' });
    t.equal(share.status, 201);
    const hop = await fetchBytes(share.body.url);
    t.equal(hop.status, 302, 'redirects');
    t.equal(hop.headers.get('cache-control'), 'no-store');
    const landed = await follow(share.body.url);
    t.equal(landed.status, 200);
    t.ok((await sharp(landed.body).metadata()).width <= 200);
    const shares = await alice.json('GET', `/photos/${photo.photoId}/shares`);
    t.equal(shares.body.items[0].views, 2);
    t.equal((await alice.request('DELETE', `/shares/${share.body.shareId}`)).status, 204);
    t.equal((await fetchBytes(share.body.url)).status, 410, 'revoked');

    const full = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'original' });
    const fullBytes = await fetchWhenPrepared(full.body.url, follow);
    t.equal(fullBytes.status, 200);
    t.same([(await sharp(fullBytes.body).metadata()).width], [4208], 'full size');
    t.notOk(await exifr.parse(fullBytes.body).catch(() => undefined), 'no EXIF in a shared original');

    const brief = await alice.json('POST', `/photos/${photo.photoId}/share`, { variant: 'thumbnail', expiresInSeconds: 1 });
    t.equal((await fetchBytes(brief.body.url)).status, 302, 'live');
    clock.advance(1000);
    t.equal((await fetchBytes(brief.body.url)).status, 410, 'expired');

    // The links page from DynamoDB's byPhoto index, one at a time, newest first.
    const listed: { shareId: string; state: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof listed; nextCursor: string | null } } = await alice.json(
        'GET',
        `/photos/${photo.photoId}/shares?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      t.equal(page.status, 200);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor && listed.length < 10);
    t.same(
      listed.map((s) => [s.shareId, s.state]),
      [
        [brief.body.shareId, 'expired'],
        [full.body.shareId, 'live'],
        [share.body.shareId, 'revoked'],
      ],
    );
  });

  t.test('a photo flagged by moderation cannot be shared', async (t) => {
    const upload = await alice.upload(fixture('iphone4s-orient6-gps.jpg'), 'portrait.jpg');
    const photo = await alice.waitForPhoto(upload.body.photoId);
    t.equal(photo.status, 'ready');
    t.same([photo.width, photo.height], [102, 205], 'portrait after orientation');
    const share = await alice.json('POST', `/photos/${photo.photoId}/share`);
    t.equal(share.status, 403);
    t.equal(share.body.error.code, 'moderation_flagged');
    t.match(share.body.error.message, /Suggestive/);
  });

  t.test('albums in DynamoDB: members newest taken first, a signed cover, 404 for another user', async (t) => {
    const library = (await alice.json('GET', '/photos?limit=10')).body.items as {
      photoId: string;
      takenAt: string | null;
      createdAt: string;
    }[];
    t.ok(library.length >= 2, `${library.length} photos`);
    const newestTaken = [...library].sort((a, b) => takenSort(b).localeCompare(takenSort(a)));
    const created = await alice.json('POST', '/albums', { title: 'Trip' });
    t.equal(created.status, 201);
    const { albumId } = created.body;
    const added = await alice.json('POST', `/albums/${albumId}/photos`, { photoIds: library.map((p) => p.photoId) });
    t.match(added, { status: 200, body: { photoCount: library.length, coverPhotoId: newestTaken[0]!.photoId } });
    t.equal((await fetchBytes(added.body.coverUrl)).status, 200, 'the cover is a CloudFront URL that serves');
    const listed = await alice.json('GET', `/albums/${albumId}/photos`);
    t.same(
      listed.body.items.map((p: { photoId: string }) => p.photoId),
      newestTaken.map((p) => p.photoId),
    );
    const bob = new Client(svc.url, svc.confirmUser);
    await bob.signUpAndLogin('bob-albums@example.com');
    t.equal((await bob.json('GET', `/albums/${albumId}`)).status, 404);
    const his = await bob.json('POST', '/albums', { title: 'his' });
    t.equal((await bob.json('POST', `/albums/${his.body.albumId}/photos`, { photoIds: [library[0]!.photoId] })).status, 404);
    const removed = await alice.json('DELETE', `/albums/${albumId}/photos`, { photoIds: [newestTaken[0]!.photoId] });
    t.match(removed, { status: 200, body: { photoCount: library.length - 1 } });

    const trashedId = newestTaken[1]!.photoId;
    t.equal((await alice.request('DELETE', `/photos/${trashedId}`)).status, 204);
    const withoutTrashed = await alice.json('GET', `/albums/${albumId}`);
    t.equal(withoutTrashed.body.photoCount, library.length - 2, 'a trashed photo stops counting in its album');
    t.notOk(
      (await alice.json('GET', `/albums/${albumId}/photos`)).body.items.some((p: { photoId: string }) => p.photoId === trashedId),
      'and is not listed',
    );
    t.equal((await alice.json('POST', `/trash/${trashedId}/restore`)).status, 200);
    t.equal((await alice.json('GET', `/albums/${albumId}`)).body.photoCount, library.length - 1, 'restored: back in its album');
    const filtered = await alice.json('GET', `/photos?albumId=${albumId}`);
    t.same(
      (filtered.body.items as { photoId: string }[]).map((p) => p.photoId).sort(),
      newestTaken
        .slice(1)
        .map((p) => p.photoId)
        .sort(),
      'GET /photos?albumId= filters the library by the albums on each photo item',
    );
    await alice.json('POST', `/albums/${albumId}/photos`, { photoIds: library.map((p) => p.photoId) });
    const link = await alice.json('POST', `/albums/${albumId}/share`, { allowDownload: true });
    t.match(link, { status: 201, body: { kind: 'album', albumId } });
    const listedLinks = await alice.json('GET', `/albums/${albumId}/shares`);
    t.equal(listedLinks.body.items[0]?.shareId, link.body.shareId, "the album's links, from the byGroup index");
    const shown = JSON.parse((await fetchBytes(link.body.url)).body.toString()) as {
      items: { photoId: string; urls: { thumbnail: string } }[];
    };
    // What a photo link could show, an album link shows: not the photo moderation flagged earlier in this story.
    const members = library.map((p) => p.photoId);
    const shareable: string[] = [];
    for (const id of members) {
      const res = await alice.json('POST', `/photos/${id}/share`, {});
      if (res.status === 201) shareable.push(id);
    }
    t.ok(shareable.length < members.length, 'the album holds the flagged photo');
    t.same(shown.items.map((p) => p.photoId).sort(), shareable.sort(), 'the album link shows the album, without it');
    const thumb = await fetchBytes(shown.items[0]!.urls.thumbnail);
    t.equal(thumb.status, 302, 'its images redirect to CloudFront');
    t.equal((await fetchBytes(thumb.headers.get('location')!)).status, 200);
    t.equal((await alice.request('DELETE', `/albums/${albumId}`)).status, 204);
    t.same((await alice.json('GET', '/albums')).body, { items: [], nextCursor: null });
    t.equal((await alice.json('GET', `/photos/${newestTaken[0]!.photoId}`)).status, 200, 'the photos stay');
  });

  t.test("another user's photos are 404 and the library is paged from DynamoDB", async (t) => {
    const bob = new Client(svc.url, svc.confirmUser);
    await bob.signUpAndLogin('bob@example.com');
    const mine = await alice.json('GET', '/photos?limit=1');
    t.equal(mine.body.items.length, 1);
    const next = await alice.json('GET', `/photos?limit=1&cursor=${encodeURIComponent(mine.body.nextCursor)}`);
    t.equal(next.body.items.length, 1);
    t.not(next.body.items[0].photoId, mine.body.items[0].photoId);
    t.equal((await bob.json('GET', `/photos?cursor=${encodeURIComponent(mine.body.nextCursor)}`)).status, 400);
    const id = mine.body.items[0].photoId;
    for (const [method, path] of [
      ['GET', `/photos/${id}`],
      ['DELETE', `/photos/${id}`],
      ['GET', `/photos/${id}/shares`],
      ['POST', `/photos/${id}/share`],
    ]) {
      t.equal((await bob.json(method!, path!, method === 'POST' ? {} : undefined)).status, 404, `${method} → 404`);
    }
    t.equal((await alice.request('DELETE', `/photos/${id}`)).status, 204);
    t.equal((await alice.json('GET', `/photos/${id}`)).status, 404);
    const trash = await alice.json('GET', '/trash');
    t.same(
      trash.body.items.map((p: { photoId: string }) => p.photoId),
      [id],
      'in the trash, from DynamoDB',
    );
    t.equal((await bob.request('POST', `/trash/${id}/restore`)).status, 404, "bob cannot restore alice's photo");
    t.equal((await alice.json('POST', `/trash/${id}/restore`)).status, 200);
    t.equal((await alice.json('GET', `/photos/${id}`)).status, 200, 'restored');
    t.equal((await alice.request('DELETE', `/photos/${id}`)).status, 204);
    t.equal((await alice.request('DELETE', '/trash')).status, 204, 'emptied');
    t.same((await alice.json('GET', '/trash')).body.items, []);
    t.equal((await alice.request('POST', `/trash/${id}/restore`)).status, 404, 'gone for good');
    const ready = await alice.json('GET', '/readyz');
    t.same(ready.body, { status: 'ready', checks: { blobs: 'ok', photos: 'ok', queue: 'ok' } });
  });
});

t.test('faults in aws mode', async (t) => {
  const emulators = await startAwsEmulators(t, { visibilitySeconds: 2, maxReceiveCount: 3 });
  const env: Record<string, string> = { ...emulators.env, JOB_VISIBILITY_SECONDS: '5' };
  const api = await startTestService(t, { ...env, ROLE: 'api' });
  // The worker runs without the CloudFront signing key, as the stack deploys it.
  const { CDN_URL: _url, CDN_KEY_PAIR_ID: _id, CDN_PRIVATE_KEY: _key, ...workerEnv } = env;
  const carol = new Client(api.url, emulators.confirmUser);
  await carol.signUpAndLogin('carol@example.com');
  const queueCounts = async (queueUrl: string) => {
    const { Attributes: a } = await emulators.sqs.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return `${a?.ApproximateNumberOfMessages} visible, ${a?.ApproximateNumberOfMessagesNotVisible} in flight`;
  };

  t.test('a worker killed while holding the message: it comes back and the photo ends ready once', async (t) => {
    const upload = await carol.upload(fixture('nokia-starfish-gps.jpg'), 'held.jpg');
    // A worker that takes the message and dies: it never deletes it nor extends it.
    const held = await emulators.sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: emulators.sqs.queueUrl, WaitTimeSeconds: 5 }),
    );
    t.equal(held.Messages?.length, 1, 'the doomed worker holds the message');
    const worker = await startTestService(t, { ...workerEnv, ROLE: 'worker' });
    const photo = await carol.waitForPhoto(upload.body.photoId, 20_000);
    t.equal(photo.status, 'ready', 'redelivered after the visibility timeout and processed');
    // The worker deletes the message just after it marks the photo ready: poll for that, with a deadline.
    t.ok(
      await waitFor(async () => (await queueCounts(emulators.sqs.queueUrl)) === '0 visible, 0 in flight'),
      'deleted after success',
    );
    await worker.stop();
  });

  t.test('a photo that keeps failing ends in the DLQ and is marked failed', async (t) => {
    // A copy of its own: the photo above has the same bytes, and a second upload of them would be a duplicate.
    const upload = await carol.upload(distinctJpeg(fixture('nokia-starfish-gps.jpg'), 1), 'poison.jpg');
    const userId = subjectOf(carol);
    // Its original vanishes before any worker reads it: every attempt fails.
    await emulators.s3.client.send(
      new DeleteObjectCommand({ Bucket: BUCKETS.originals, Key: `originals/${userId}/${upload.body.photoId}` }),
    );
    const worker = await startTestService(t, { ...workerEnv, ROLE: 'worker' });
    const photo = await carol.waitForPhoto(upload.body.photoId, 30_000);
    t.equal(photo.status, 'failed');
    t.match(photo.error, /after 3 attempts/);
    // SQS moves it on the first receive after its last backoff lapses, as AWS does: poll for that, with a deadline.
    const moved = await waitFor(async () => (await queueCounts(emulators.sqs.deadLetterQueueUrl)) === '1 visible, 0 in flight', {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    t.ok(moved, 'the message is in the dead-letter queue');
    t.equal(await queueCounts(emulators.sqs.queueUrl), '0 visible, 0 in flight', 'and no longer in the queue');
    t.equal((await carol.json('GET', `/photos/${upload.body.photoId}`)).body.status, 'failed', 'still failed, not retried again');
    await worker.stop();
  });
});
