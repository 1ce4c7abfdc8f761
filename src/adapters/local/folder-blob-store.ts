import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BatchedFileWriter } from './batched-file-writer.js';
import type { BlobRange, BlobStore, StoredBlob } from '../../ports/blob-store.js';

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Blobs as files under one folder; writes are atomic (temp file, fsync, rename, fsync of the folder). */
export class FolderBlobStore implements BlobStore {
  private readonly tempDir: string;

  constructor(private readonly root: string) {
    this.tempDir = path.join(root, '.incoming');
    fs.mkdirSync(this.tempDir, { recursive: true });
    // Temp files left by a crash were never acknowledged: nothing refers to them.
    for (const name of fs.readdirSync(this.tempDir)) fs.rmSync(path.join(this.tempDir, name), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`invalid blob key: ${key}`);
    }
    return path.join(this.root, key);
  }

  async put(key: string, body: Readable, _contentType: string): Promise<StoredBlob> {
    const target = this.pathOf(key);
    // The body may fail before we start reading it; iterating it below rethrows that failure.
    body.on('error', () => undefined);
    const temp = path.join(this.tempDir, randomBytes(12).toString('hex'));
    const file = await fsp.open(temp, 'wx', 0o600);
    const writer = new BatchedFileWriter(file);
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        await writer.write(chunk);
      }
      await writer.finish();
      await file.sync();
      await file.close();
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(temp, target);
      await syncDir(path.dirname(target));
      return { size };
    } catch (err) {
      await writer.abandon();
      await file.close().catch(() => undefined);
      await fsp.rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string, range?: BlobRange): Promise<{ body: Readable; size: number } | null> {
    const file = this.pathOf(key);
    try {
      const { size } = await fsp.stat(file);
      const body = fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
      return { body, size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    try {
      return await fsp.readFile(this.pathOf(key));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const { size } = await fsp.stat(this.pathOf(key));
      return { size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const trimmed = prefix.replace(/\/+$/, '');
    // A worker may write a variant into the folder while it is removed (ENOTEMPTY): rm retries. A file landing after
    // the removal is the worker's to take back: it checks the record after writing (PhotoProcessingService).
    await fsp.rm(this.pathOf(trimmed), { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  }

  async check(): Promise<void> {
    await fsp.access(this.tempDir, fs.constants.W_OK);
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
