import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform, Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FolderBlobStore } from '../src/adapters/local/folder-blob-store.js';
import { UploadInspector } from '../src/services/upload-inspector.js';

// One stage of the upload path at a time (bench/upload-stages.ts): Fastify and
// @fastify/multipart, then optionally one more stream stage, into /dev/null, a file
// write stream, or our FolderBlobStore (batched writes, fsync, rename).
const [dir, stage, sink] = process.argv.slice(2) as [string, 'none' | 'pass' | 'hash' | 'inspect', 'null' | 'file' | 'store'];
const store = new FolderBlobStore(dir);
const middle = (): Duplex[] => {
  if (stage === 'pass') return [new PassThrough()];
  if (stage === 'inspect') return [new UploadInspector()];
  if (stage === 'hash') {
    const hash = createHash('sha256');
    return [
      new Transform({
        transform: (chunk: Buffer, _e, done) => {
          hash.update(chunk);
          done(null, chunk);
        },
        flush: (done) => {
          hash.digest();
          done();
        },
      }),
    ];
  }
  return [];
};
const app = Fastify({ logger: false });
await app.register(multipart);
let n = 0;
app.post('/', async (request, reply) => {
  for await (const part of request.parts({ limits: { fileSize: 300 * 1024 * 1024, files: 1 } })) {
    if (part.type !== 'file') continue;
    if (sink === 'store') {
      await store.put(
        `stage/upload-${n++}`,
        middle().reduce<Readable>((from, to) => from.pipe(to), part.file),
        'image/jpeg',
      );
      continue;
    }
    const out =
      sink === 'file'
        ? fs.createWriteStream(path.join(dir, `upload-${n++}`))
        : new Writable({
            write: (_c, _e, done) => {
              done();
            },
          });
    await pipeline([part.file, ...middle(), out]);
  }
  return reply.status(201).send({});
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
