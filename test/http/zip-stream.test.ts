import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import t from 'tap';
import { zipStream, type ZipSource } from '../../src/http/zip-stream.js';
import { unzip } from '../helpers/unzip.js';

const MB = 1024 * 1024;

/** Sources of `size` bytes each, recording which were opened and which were destroyed. */
function sources(count: number, size: number) {
  const opened: number[] = [];
  const destroyed: number[] = [];
  const pulled: number[] = Array.from({ length: count }, () => 0);
  async function* files(): AsyncGenerator<ZipSource> {
    for (let i = 0; i < count; i++) {
      opened.push(i);
      let left = size;
      const body = new Readable({
        read() {
          const chunk = Buffer.alloc(Math.min(64 * 1024, left), i);
          left -= chunk.length;
          pulled[i]! += chunk.length;
          this.push(chunk.length > 0 ? chunk : null);
        },
      });
      body.once('close', () => {
        if (left > 0) destroyed.push(i);
      });
      yield { name: `f${i}.bin`, body, size, mtime: new Date('2026-01-01T00:00:00Z') };
    }
  }
  return { files: files(), opened, destroyed, pulled };
}

t.test('one source open at a time, read only as fast as the zip is read', async (t) => {
  const { files, opened, pulled } = sources(3, 8 * MB);
  const zip = zipStream(files);
  // Nobody reads yet: only the first source is open, and it is not read far ahead of the reader.
  await new Promise<void>((resolve) => setImmediate(resolve));
  await once(zip, 'readable');
  t.same(opened, [0], 'the next source is not opened while the first is written');
  t.ok(pulled[0]! < 2 * MB, `the first source is held back by the reader (${pulled[0]} bytes read)`);
  const chunks: Buffer[] = [];
  for await (const chunk of zip) chunks.push(chunk as Buffer);
  t.same(opened, [0, 1, 2]);
  const entries = unzip(Buffer.concat(chunks));
  t.same(
    entries.map((e) => [e.name, e.method, e.bytes.length]),
    [0, 1, 2].map((i) => [`f${i}.bin`, 'Stored', 8 * MB]),
  );
});

t.test('a reader that goes away: the open source is destroyed and no other is opened', async (t) => {
  const { files, opened, destroyed } = sources(3, 8 * MB);
  const zip = zipStream(files);
  const sink = new PassThrough();
  zip.pipe(sink);
  await once(sink, 'data');
  zip.destroy();
  await once(zip, 'close');
  await new Promise<void>((resolve) => setImmediate(resolve));
  t.same(opened, [0]);
  t.same(destroyed, [0], 'the first source was closed unread');
});
