import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Client, waitFor } from '../helpers/client.js';
import { rawRequest } from '../helpers/raw-http.js';
import { fixture, startTestService } from '../helpers/service.js';

/** Every file under the blob folder except the empty temp folder: what an upload left behind. */
function blobFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'blobs');
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}

/** Sends raw bytes as an HTTP request and returns the status line's code and the body. */
t.test('bad uploads get a clear 4xx and leave nothing behind', async (t) => {
  const { url, dataDir } = await startTestService(t, { MAX_UPLOAD_BYTES: String(400 * 1024) });
  const bob = new Client(url);
  await bob.signUpAndLogin('bob@example.com');

  /** Each refusal is checked by the subtest that made it: the answer, and that the upload left nothing behind. */
  const expectRefused = async (t: Test, res: { status: number; body: any }, status: number, code: string | RegExp) => {
    t.equal(res.status, status, `answers ${status}`);
    t.match(res.body?.error?.code, code);
    t.ok(res.body?.error?.message?.length > 10, `with a message: ${res.body?.error?.message}`);
    await expectNothingStored(t);
  };
  const expectNothingStored = async (t: Test) => {
    t.same(blobFiles(dataDir), [], 'no blob file, no temp file');
    t.same((await bob.json('GET', '/photos')).body.items, [], 'no photo record');
  };

  t.test('no file', async (t) => {
    const form = new FormData();
    form.append('title', 'nothing attached');
    await expectRefused(t, await bob.json('POST', '/photos', form), 400, 'file_required');
  });
  t.test('empty file', async (t) => {
    await expectRefused(t, await bob.upload(Buffer.alloc(0), 'empty.jpg'), 400, 'empty_file');
  });
  t.test('a text file named .jpg', async (t) => {
    await expectRefused(
      t,
      await bob.upload(Buffer.from('just some words, not a photo at all\n'.repeat(20)), 'notes.jpg'),
      415,
      'unsupported_media_type',
    );
  });
  t.test('a file shorter than the sniffing window', async (t) => {
    await expectRefused(t, await bob.upload(Buffer.from('GIF8'), 'tiny.gif', {}, 'image/gif'), 415, 'unsupported_media_type');
  });
  t.test('an SVG', async (t) => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    await expectRefused(t, await bob.upload(Buffer.from(svg), 'logo.svg', {}, 'image/svg+xml'), 415, 'unsupported_media_type');
  });
  t.test('a file over the limit', async (t) => {
    await expectRefused(t, await bob.upload(fixture('xiaomi-mi3-13mp.jpg'), 'big.jpg'), 413, 'payload_too_large');
  });
  t.test('a second file field', async (t) => {
    const form = new FormData();
    form.append('other', new Blob([fixture('iphone4s-orient6-gps.jpg')]), 'x.jpg');
    await expectRefused(t, await bob.json('POST', '/photos', form), 400, 'bad_request');
  });
  t.test('a title too long', async (t) => {
    await expectRefused(
      t,
      await bob.upload(fixture('iphone4s-orient6-gps.jpg'), 'x.jpg', { title: 'x'.repeat(201) }),
      400,
      'bad_request',
    );
  });
  t.test('not multipart at all', async (t) => {
    await expectRefused(t, await bob.json('POST', '/photos', { file: 'AAAA' }), 400, 'multipart_required');
  });
  t.test('a malformed multipart body', async (t) => {
    const body =
      '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff\xe0 truncated with no closing boundary';
    const res = await rawRequest(
      url,
      `POST /photos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${bob.accessToken}\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\nConnection: close\r\n\r\n`,
      Buffer.from(body, 'latin1'),
    );
    await expectRefused(t, { status: res.status, body: JSON.parse(res.text) }, 400, 'malformed_multipart');
  });
  t.test('a client that disconnects midway', async (t) => {
    const { hostname, port } = new URL(url);
    const photo = fixture('nokia-starfish-gps.jpg');
    const head = `--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const incoming = path.join(dataDir, 'blobs', '.incoming');
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => {
      socket.on('close', () => {
        resolve();
      });
    });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /photos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${bob.accessToken}\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: ${photo.length + 500}\r\n\r\n${head}`,
    );
    socket.write(photo.subarray(0, 100_000));
    // The client goes away while the server is streaming the photo into a temp file, not at a guessed moment.
    t.ok(await waitFor(() => fs.readdirSync(incoming).length === 1), 'the upload is being written to a temp file');
    socket.destroy();
    await closed;
    t.ok(await waitFor(() => fs.readdirSync(incoming).length === 0), 'the temp file is removed once the client has gone');
    await expectNothingStored(t);
  });

  t.test('nothing was recorded or left on disk', async (t) => {
    const list = await bob.json('GET', '/photos');
    t.same(list.body.items, [], 'no photo records');
    t.same(blobFiles(dataDir), [], 'no blob files, no temp files');
  });

  t.test('a truncated JPEG is accepted, then fails with a reason; the server carries on', async (t) => {
    const whole = fixture('nokia-starfish-gps.jpg');
    const res = await bob.upload(whole.subarray(0, Math.floor(whole.length * 0.6)), 'cut.jpg');
    t.equal(res.status, 201);
    const failed = await bob.waitForPhoto(res.body.photoId);
    t.equal(failed.status, 'failed');
    t.match(failed.error, /truncated|corrupt/i);
    t.equal(failed.urls, null);
    const share = await bob.json('POST', `/photos/${failed.photoId}/share`);
    t.equal(share.status, 409, 'a failed photo cannot be shared');
    const good = await bob.upload(fixture('iphone4s-orient6-gps.jpg'), 'ok.jpg');
    t.equal((await bob.waitForPhoto(good.body.photoId)).status, 'ready', 'the next photo is processed');
  });
});

t.test('a photo over the pixel limit fails with a clear error', async (t) => {
  const { url } = await startTestService(t, { MAX_PIXELS: String(1_000_000) });
  const carol = new Client(url);
  await carol.signUpAndLogin('carol@example.com');
  const res = await carol.upload(fixture('xiaomi-mi3-13mp.jpg'), 'huge.jpg');
  const photo = await carol.waitForPhoto(res.body.photoId);
  t.equal(photo.status, 'failed');
  t.match(photo.error, /pixels/);
});
