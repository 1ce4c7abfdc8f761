import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export type SqliteDatabase = Database.Database;

/** Opens (creating if needed) the service's SQLite file in WAL mode, migrated to the newest schema. */
export function openDatabase(dataDir: string): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'photoshare.sqlite'));
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, so a crash loses nothing acknowledged.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
