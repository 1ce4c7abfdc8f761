import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { loadOrCreateRsaKey } from '../../src/adapters/local/key-files.js';
import { LocalAuth, REFRESH_REUSE_GRACE_SECONDS } from '../../src/adapters/local/local-auth.js';
import { migrate } from '../../src/adapters/local/migrate.js';
import { MIGRATIONS, type Migration } from '../../src/adapters/local/migrations/index.js';
import { openDatabase, type SqliteDatabase } from '../../src/adapters/local/sqlite-database.js';
import { SqliteJobQueue } from '../../src/adapters/local/sqlite-job-queue.js';
import { SqlitePhotoRepo } from '../../src/adapters/local/sqlite-photo-repo.js';
import * as v0 from '../fixtures/data-dir-v0/contents.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { tokensOf } from '../helpers/sign-in.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/data-dir-v0/photoshare.sqlite', import.meta.url));
const LATEST = MIGRATIONS.length;

function tempDataDir(t: Test, withFixture: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-migrations-'));
  t.teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  if (withFixture) fs.copyFileSync(FIXTURE, path.join(dir, 'photoshare.sqlite'));
  return dir;
}

/** A plain connection, without openDatabase's migration. */
function raw<T>(dir: string, use: (db: SqliteDatabase) => T): T {
  const db = new Database(path.join(dir, 'photoshare.sqlite'));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const userVersion = (db: SqliteDatabase) => db.pragma('user_version', { simple: true }) as number;

const sortedBy = <R, K extends keyof R>(rows: readonly R[], key: K): R[] =>
  [...rows].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));

/** The fixture's data, read column by column so that columns added by later migrations do not matter. */
function stored(db: SqliteDatabase) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    users: all('SELECT user_id, email, password_hash, created_at FROM users ORDER BY user_id'),
    refreshTokens: all('SELECT token_hash, user_id, expires_at, revoked_at FROM refresh_tokens ORDER BY token_hash'),
    photos: (all('SELECT photo_id, user_id, created_at, doc FROM photos ORDER BY photo_id') as { doc: string }[]).map((row) => ({
      ...row,
      doc: JSON.parse(row.doc) as unknown,
    })),
    libraryVersions: all('SELECT user_id, version FROM library_versions ORDER BY user_id'),
    shares: all(
      'SELECT share_id, photo_id, user_id, token_hash, variant, created_at, expires_at, revoked_at, views FROM shares ORDER BY share_id',
    ),
    jobs: all('SELECT job_id, payload, attempts, visible_at, receipt, last_error, dead_at, created_at FROM jobs ORDER BY job_id'),
  };
}

const expected = {
  users: sortedBy(v0.userRows, 'user_id'),
  refreshTokens: sortedBy(v0.refreshTokenRows, 'token_hash'),
  photos: sortedBy(
    v0.photos.map((p) => ({ photo_id: p.photoId, user_id: p.userId, created_at: p.createdAt, doc: p })),
    'photo_id',
  ),
  libraryVersions: sortedBy(v0.libraryVersionRows, 'user_id'),
  shares: sortedBy(v0.shareRows, 'share_id'),
  jobs: sortedBy(v0.jobRows, 'job_id'),
};

const schemaOf = (db: SqliteDatabase) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();

t.test('a DATA_DIR written before migrations keeps every user, token, photo, share and job', async (t) => {
  const dir = tempDataDir(t, true);
  raw(dir, (db) => {
    t.equal(userVersion(db), 0, 'the fixture predates user_version');
    t.strictSame(stored(db), expected, 'the fixture holds what contents.ts describes');
  });

  const db = openDatabase(dir);
  t.teardown(() => db.close());
  t.equal(userVersion(db), LATEST, 'migrated to the latest version');
  t.strictSame(stored(db), expected, 'every row is still there with the same values');

  const queue = new SqliteJobQueue(db, { visibilitySeconds: 60, maxAttempts: 3 });
  const repo = new SqlitePhotoRepo(db, (job) => {
    queue.enqueue(job);
  });
  for (const photo of v0.photos) t.strictSame(await repo.get(photo.photoId), photo, `the ${photo.status} photo reads back`);
  t.strictSame(
    (await repo.list({ userId: v0.ALICE.userId, limit: 10 })).items,
    v0.photos.filter((p) => p.userId === v0.ALICE.userId).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    'the library lists newest first',
  );
  t.equal(await repo.libraryVersion(v0.ALICE.userId), '3');
  for (const share of v0.shares) t.strictSame(await repo.findShareByTokenHash(share.tokenHash), share);
  t.strictSame(
    (await repo.listShares({ photoId: v0.shares[0]!.photoId, limit: 10 })).items,
    [...v0.shares].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    'both shares, the revoked one included',
  );

  t.strictSame(await queue.stats(), { waiting: 1, inFlight: 0, dead: 1 });
  const received = await queue.receive(0);
  t.strictSame(received?.job, JSON.parse(v0.jobRows[0]!.payload), 'the waiting job is delivered');
  t.equal(received?.attempt, 1);

  const auth = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
    issuer: 'http://127.0.0.1:9',
    accessTokenSeconds: 300,
    refreshTokenSeconds: 3600,
  });
  t.ok(tokensOf(await auth.login(v0.ALICE.email, v0.ALICE.password)).accessToken, 'a password set before still logs in');
  t.ok((await auth.refresh(v0.REFRESH_TOKENS.bob)).accessToken, 'a refresh token issued before still works');
  await t.rejects(auth.refresh(v0.REFRESH_TOKENS.bobRevoked), 'a revoked refresh token stays revoked');
});

t.test('a fresh DATA_DIR gets the latest version and the same schema as a migrated one', async (t) => {
  const fresh = openDatabase(tempDataDir(t, false));
  const migrated = openDatabase(tempDataDir(t, true));
  t.teardown(() => {
    fresh.close();
    migrated.close();
  });
  t.equal(userVersion(fresh), LATEST);
  t.strictSame(schemaOf(fresh), schemaOf(migrated));
});

t.test('opening twice is idempotent', async (t) => {
  const dir = tempDataDir(t, true);
  openDatabase(dir).close();
  const db = openDatabase(dir);
  t.teardown(() => db.close());
  t.equal(userVersion(db), LATEST);
  t.strictSame(stored(db), expected);

  let runs = 0;
  const counted: Migration[] = [
    {
      version: 1,
      name: 'counted',
      up: () => {
        runs++;
      },
    },
  ];
  const scratch = new Database(':memory:');
  t.teardown(() => scratch.close());
  t.strictSame(migrate(scratch, counted), { from: 0, to: 1 });
  t.strictSame(migrate(scratch, counted), { from: 1, to: 1 });
  t.equal(runs, 1, 'an applied migration is not run again');
});

t.test('a database from a newer release is refused and left alone', async (t) => {
  const dir = tempDataDir(t, true);
  openDatabase(dir).close();
  raw(dir, (db) => db.pragma(`user_version = ${LATEST + 1}`));
  t.throws(() => openDatabase(dir), {
    message: new RegExp(
      `photoshare\\.sqlite is at schema version ${LATEST + 1}, but this release only knows versions up to ${LATEST}: it was written by a newer release`,
    ),
  });
  raw(dir, (db) => {
    t.equal(userVersion(db), LATEST + 1);
    t.strictSame(stored(db), expected);
  });
});

t.test('a migration that throws leaves the database at the previous version', async (t) => {
  const db = openDatabase(tempDataDir(t, true));
  t.teardown(() => db.close());
  const tableExists = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

  const addNotes: Migration = {
    version: LATEST + 1,
    name: 'notes',
    up: (d) => d.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)'),
  };
  const broken: Migration = {
    version: LATEST + 2,
    name: 'half done',
    up: (d) => {
      d.exec('CREATE TABLE tags (tag TEXT PRIMARY KEY)');
      d.exec('UPDATE shares SET views = views + 100');
      throw new Error('disk full, say');
    },
  };
  t.throws(() => migrate(db, [...MIGRATIONS, addNotes, broken]), {
    message: `Migration ${LATEST + 2} (half done) failed; ${db.name} stays at schema version ${LATEST + 1}: disk full, say`,
  });
  t.equal(userVersion(db), LATEST + 1, 'the migration before it is kept');
  t.ok(tableExists('notes'));
  t.notOk(tableExists('tags'), 'the failed migration’s DDL is rolled back');
  t.strictSame(stored(db), expected, 'and so are its data changes');

  const fixed: Migration = { ...broken, up: (d) => d.exec('CREATE TABLE tags (tag TEXT PRIMARY KEY)') };
  t.strictSame(
    migrate(db, [...MIGRATIONS, addNotes, fixed]),
    { from: LATEST + 1, to: LATEST + 2 },
    'a fixed release carries on from there',
  );
  t.ok(tableExists('tags'));
});

t.test('the migration list must be numbered 1, 2, 3, … in order', async (t) => {
  const db = new Database(':memory:');
  t.teardown(() => db.close());
  const gap: Migration[] = [...MIGRATIONS, { version: LATEST + 2, name: 'skips one', up: () => undefined }];
  t.throws(() => migrate(db, gap), { message: /has version \d+; expected \d+/ });
  t.equal(userVersion(db), 0, 'nothing was applied');
});

t.test('refresh tokens stored at schema version 1 keep working after migration 2 (refresh token families)', async (t) => {
  const dir = tempDataDir(t, false);
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const TOKENS = { live: 'v1-refresh-token-live', revoked: 'v1-refresh-token-revoked', expired: 'v1-refresh-token-expired' };
  const FAR = 4102444800000; // 2100
  raw(dir, (db) => {
    db.pragma('foreign_keys = ON');
    t.strictSame(migrate(db, MIGRATIONS.slice(0, 1)), { from: 0, to: 1 }, 'a database at version 1, as that release wrote it');
    const user = v0.userRows[0]!;
    db.prepare('INSERT INTO users (user_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)').run(
      user.user_id,
      user.email,
      user.password_hash,
      user.created_at,
    );
    const insert = db.prepare('INSERT INTO refresh_tokens (token_hash, user_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)');
    insert.run(sha256(TOKENS.live), user.user_id, FAR, null);
    insert.run(sha256(TOKENS.revoked), user.user_id, FAR, 1740912000000);
    insert.run(sha256(TOKENS.expired), user.user_id, 1740912000000, null);
  });

  const db = openDatabase(dir);
  t.teardown(() => db.close());
  t.equal(userVersion(db), LATEST);
  const row = (token: string) =>
    db
      .prepare('SELECT family_id, user_id, expires_at, revoked_at, used_at, replaced_by FROM refresh_tokens WHERE token_hash = ?')
      .get(sha256(token)) as Record<string, unknown> | undefined;
  for (const [name, token] of Object.entries(TOKENS)) {
    t.match(
      row(token),
      { family_id: sha256(token), user_id: v0.ALICE.userId, used_at: null, replaced_by: null },
      `${name}: its own family`,
    );
  }

  const clock = new ManualClock();
  const auth = new LocalAuth(db, loadOrCreateRsaKey(dir, 'jwt'), {
    issuer: 'http://127.0.0.1:9',
    accessTokenSeconds: 300,
    refreshTokenSeconds: 3600,
    clock,
  });
  const next = await auth.refresh(TOKENS.live);
  t.ok(next.accessToken, 'a refresh token issued at version 1 still refreshes');
  t.not(next.refreshToken, TOKENS.live, 'and is rotated');
  t.match(row(TOKENS.live), { used_at: clock.now().getTime(), replaced_by: sha256(next.refreshToken), revoked_at: null });
  t.match(
    row(next.refreshToken),
    { family_id: sha256(TOKENS.live), expires_at: FAR },
    'its successor keeps the family and its expiry',
  );
  const after = await auth.refresh(next.refreshToken);
  t.ok(after.accessToken, 'the new one works');

  clock.advance(REFRESH_REUSE_GRACE_SECONDS * 1000 + 1);
  await t.rejects(
    auth.refresh(TOKENS.live),
    { status: 401, code: 'invalid_refresh_token' },
    'the migrated token, spent, is refused',
  );
  await t.rejects(auth.refresh(after.refreshToken), { status: 401, code: 'invalid_refresh_token' }, 'and its chain is revoked');
  await t.rejects(auth.refresh(TOKENS.revoked), { status: 401, code: 'invalid_refresh_token' }, 'a revoked token stays revoked');
  await t.rejects(auth.refresh(TOKENS.expired), { status: 401, code: 'invalid_refresh_token' }, 'an expired one stays expired');
});
