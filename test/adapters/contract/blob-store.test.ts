import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import { S3BlobStore } from '../../../src/adapters/aws/s3-blob-store.js';
import { FolderBlobStore } from '../../../src/adapters/local/folder-blob-store.js';
import type { BlobStore } from '../../../src/ports/blob-store.js';
import { BUCKETS, startS3 } from '../../helpers/emulators.js';
import { fixture } from '../../helpers/service.js';

const adapters: Record<string, (t: Test) => Promise<BlobStore>> = {
  'local folder': async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    t.teardown(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return new FolderBlobStore(dir);
  },
  'S3 (s3rver)': async (t) => new S3BlobStore((await startS3(t)).client, BUCKETS),
};

/** A stream that yields some bytes, then fails, as a client that disconnects. */
function failingStream(bytes: Buffer): Readable {
  return new Readable({
    read() {
      this.push(bytes);
      setImmediate(() => this.destroy(new Error('client went away')));
    },
  });
}

for (const [name, make] of Object.entries(adapters)) {
  t.test(`BlobStore contract: ${name}`, async (t) => {
    const store = await make(t);
    const photo = fixture('nokia-starfish-gps.jpg');
    const key = 'originals/user1/photo1';

    t.test('put streams an object; read, get, stat see it', async (t) => {
      const stored = await store.put(key, Readable.from([photo.subarray(0, 1000), photo.subarray(1000)]), 'image/jpeg');
      t.equal(stored.size, photo.length);
      t.same(await store.read(key), photo);
      t.same(await store.stat(key), { size: photo.length });
      const got = await store.get(key);
      const chunks: Buffer[] = [];
      for await (const c of got!.body) chunks.push(c as Buffer);
      t.same(Buffer.concat(chunks), photo);
      t.equal(got!.size, photo.length);
    });

    t.test('a body in chunks of every size, some larger than a write batch, is stored byte for byte', async (t) => {
      const big = fixture('xiaomi-mi3-13mp.jpg');
      const sizes = [1, 7, 65536, 300 * 1024, 4096, 262144, 262143, 100_000];
      const chunks: Buffer[] = [];
      for (let at = 0, i = 0; at < big.length; i++) {
        const size = sizes[i % sizes.length]!;
        chunks.push(big.subarray(at, at + size));
        at += size;
      }
      const stored = await store.put('originals/user1/chunked', Readable.from(chunks), 'image/jpeg');
      t.equal(stored.size, big.length);
      t.ok((await store.read('originals/user1/chunked'))!.equals(big));
      await store.delete('originals/user1/chunked');
    });

    t.test('a range reads part of it', async (t) => {
      const part = await store.get(key, { start: 0, end: 31 });
      const chunks: Buffer[] = [];
      for await (const c of part!.body) chunks.push(c as Buffer);
      t.same(Buffer.concat(chunks), photo.subarray(0, 32));
    });

    t.test('a body that fails midway leaves no object', async (t) => {
      const broken = 'originals/user1/broken';
      await t.rejects(store.put(broken, failingStream(photo.subarray(0, 5000)), 'image/jpeg'));
      t.equal(await store.stat(broken), null);
    });

    t.test('large objects (multipart in S3) stream through; a failure after the first part leaves nothing', async (t) => {
      const big = Buffer.alloc(9 * 1024 * 1024 + 123, 7);
      const chunks = Array.from({ length: 10 }, (_, i) => big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024)).filter(
        (c) => c.length,
      );
      const stored = await store.put('originals/user1/big', Readable.from(chunks), 'image/jpeg');
      t.equal(stored.size, big.length);
      t.same(await store.stat('originals/user1/big'), { size: big.length });
      let sent = 0;
      const failsLate = new Readable({
        read() {
          if (sent >= 10) return this.destroy(new Error('client went away'));
          sent++;
          this.push(Buffer.alloc(1024 * 1024, 1));
        },
      });
      await t.rejects(store.put('originals/user1/big-broken', failsLate, 'image/jpeg'));
      t.equal(await store.stat('originals/user1/big-broken'), null);
      await store.delete('originals/user1/big');
    });

    t.test('missing objects are null, not errors', async (t) => {
      t.equal(await store.read('originals/nobody/nothing'), null);
      t.equal(await store.get('processed/nobody/nothing/thumbnail.jpg'), null);
      t.equal(await store.stat('originals/nobody/nothing'), null);
    });

    t.test('delete and deletePrefix', async (t) => {
      for (const v of ['thumbnail', 'preview']) {
        await store.put(`processed/user1/photo1/${v}.jpg`, Readable.from([Buffer.from(v)]), 'image/jpeg');
      }
      await store.put('processed/user1/photo2/thumbnail.jpg', Readable.from([Buffer.from('other')]), 'image/jpeg');
      await store.deletePrefix('processed/user1/photo1/');
      t.equal(await store.stat('processed/user1/photo1/thumbnail.jpg'), null);
      t.equal(await store.stat('processed/user1/photo1/preview.jpg'), null);
      t.same(await store.read('processed/user1/photo2/thumbnail.jpg'), Buffer.from('other'), 'the neighbour stays');
      await store.delete(key);
      t.equal(await store.stat(key), null);
      await store.delete(key);
      t.pass('deleting twice is fine');
    });

    t.test('check passes', async (t) => {
      await store.check();
      t.pass();
    });
  });
}
