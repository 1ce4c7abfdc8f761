import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { Database as SqliteDatabase } from 'better-sqlite3';

export interface MigrationResult {
  from: number;
  to: number;
}

const userVersion = (db: SqliteDatabase): number => db.pragma('user_version', { simple: true }) as number;

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${i + 1} (versions must run 1, 2, 3, … in order)`,
      );
    }
  });
}

/**
 * Brings the database to the newest version in `migrations`, each step in its
 * own transaction together with its `user_version`, so a failure leaves the
 * database at the last version that completed.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertContiguous(migrations);
  const latest = migrations.length;
  const from = userVersion(db);
  if (from > latest) {
    throw new Error(
      `${db.name} is at schema version ${from}, but this release only knows versions up to ${latest}: ` +
        'it was written by a newer release of photoshare. Run that release (or a newer one), or restore a backup taken before the upgrade.',
    );
  }
  for (const migration of migrations.slice(from)) {
    try {
      db.transaction(() => {
        // Another process sharing the DATA_DIR may have applied it while we waited for the write lock.
        if (userVersion(db) >= migration.version) return;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (err) {
      throw new Error(
        `Migration ${migration.version} (${migration.name}) failed; ${db.name} stays at schema version ${userVersion(db)}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
  return { from, to: userVersion(db) };
}
