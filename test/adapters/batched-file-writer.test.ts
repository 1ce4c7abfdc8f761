import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { BATCH_BYTES, BatchedFileWriter } from '../../src/adapters/local/batched-file-writer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batched-writer-'));
t.teardown(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Bytes that differ at every offset, so a misplaced or repeated batch shows. */
function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return bytes;
}

t.test('writes exactly what it was given, across batches, for one file after another', async (t) => {
  for (const [round, length] of [
    [1, 3 * BATCH_BYTES + 12345],
    [2, BATCH_BYTES],
    [3, 10],
  ] as const) {
    const file = path.join(dir, `out-${round}`);
    const handle = await fsp.open(file, 'wx');
    const writer = new BatchedFileWriter(handle);
    const expected = pattern(length, round);
    for (let at = 0, size = 1; at < length; at += size, size = size * 7 + 3) await writer.write(expected.subarray(at, at + size));
    await writer.finish();
    await handle.close();
    t.ok(fs.readFileSync(file).equals(expected), `${length} bytes`);
  }
});

t.test('nothing written gives an empty file', async (t) => {
  const file = path.join(dir, 'empty');
  const handle = await fsp.open(file, 'wx');
  await new BatchedFileWriter(handle).finish();
  await handle.close();
  t.equal(fs.statSync(file).size, 0);
});

t.test('a failed write surfaces at the next write or at finish, and abandon still settles', async (t) => {
  const file = path.join(dir, 'read-only');
  fs.writeFileSync(file, '');
  const handle = await fsp.open(file, 'r');
  const writer = new BatchedFileWriter(handle);
  await writer.write(pattern(BATCH_BYTES, 1)); // fills one batch: its write starts (and fails) in the background
  await t.rejects(writer.write(pattern(BATCH_BYTES, 2)), { code: 'EBADF' });
  await writer.abandon();
  await handle.close();

  const again = await fsp.open(file, 'r');
  const other = new BatchedFileWriter(again);
  await other.write(pattern(10, 3));
  await t.rejects(other.finish(), { code: 'EBADF' });
  await other.abandon();
  await again.close();
});
