import type { SqliteDatabase } from '../sqlite-database.js';

/** One step of the schema; `up` runs inside the transaction that also sets `user_version` to `version`. */
export interface Migration {
  version: number;
  name: string;
  up(db: SqliteDatabase): void;
}
