import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { openDatabase, type SqliteDatabase } from '../../src/adapters/local/sqlite-database.js';
import { blobKeys } from '../../src/domain/blob-keys.js';
import { newId } from '../../src/domain/ids.js';
import type { Photo } from '../../src/domain/photo.js';

/** A photo record as an upload makes it: processing, no variants yet. */
export function newPhoto(overrides: Partial<Photo> & { userId: string }): Photo {
  const photoId = overrides.photoId ?? newId();
  const createdAt = overrides.createdAt ?? '2026-01-01T00:00:00.000Z';
  return {
    photoId,
    status: 'processing',
    filename: `${photoId}.jpg`,
    contentType: 'image/jpeg',
    size: 1234,
    // Each record its own bytes, as distinct uploads have: the same SHA-256 twice is a duplicate.
    sha256: createHash('sha256').update(photoId).digest('hex'),
    originalKey: blobKeys.original(overrides.userId, photoId),
    width: null,
    height: null,
    takenAt: null,
    createdAt,
    updatedAt: createdAt,
    title: '',
    description: '',
    tags: [],
    labels: [],
    moderation: [],
    camera: null,
    variants: {},
    error: null,
    ...overrides,
  };
}

/** A folder removed when the test ends. */
export function tempDir(t: Test, prefix = 'photoshare-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** The service's SQLite database in a fresh DATA_DIR, closed when the test ends. */
export function tempDatabase(t: Test): { db: SqliteDatabase; dataDir: string } {
  const dataDir = tempDir(t);
  const db = openDatabase(dataDir);
  t.teardown(() => db.close());
  return { db, dataDir };
}

/** The AppError status a promise rejects with (undefined when it resolves or throws something else). */
export async function statusOfRejection(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return (err as { status?: number }).status;
  }
}
