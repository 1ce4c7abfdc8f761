import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { DynamoPhotoRepo } from '../../src/adapters/aws/dynamo-photo-repo.js';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../../src/adapters/local/sqlite-photo-repo.js';
import type { PhotoRepo } from '../../src/ports/photo-repo.js';
import { TABLE, startDynamo } from './emulators.js';

/** Both PhotoRepo adapters, each on a fresh store, for the contract suites to run alike. */
export const photoRepoAdapters: Record<string, (t: Test) => Promise<PhotoRepo>> = {
  SQLite: async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-'));
    const db = openDatabase(dir);
    t.teardown(() => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return new SqlitePhotoRepo(db, () => undefined);
  },
  'DynamoDB (DynamoDB Local)': async (t) => new DynamoPhotoRepo((await startDynamo(t)).client, TABLE),
};
