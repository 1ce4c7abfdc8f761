import t from 'tap';
import { takenSort } from '../../src/domain/photo.js';
import { purgeAt } from '../../src/domain/trash.js';
import { openDatabase } from '../../src/adapters/local/sqlite-database.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const createdAt = '2026-01-02T03:04:05.678Z';
const cases = [
  '2021-02-13T11:03:31-06:00',
  '2021-02-13T11:03:31+05:30',
  '2021-02-13T11:03:31',
  '2021-02-13T11:03:31Z',
  '0000:00:00 00:00:00',
  null,
];

t.test('the date a photo sorts by is the same in the domain and in SQLite', async (t) => {
  t.equal(takenSort({ takenAt: '2021-02-13T11:03:31-06:00', createdAt }), '2021-02-13T17:03:31.000Z');
  t.equal(takenSort({ takenAt: '2021-02-13T11:03:31', createdAt }), '2021-02-13T11:03:31.000Z', 'no offset: read as UTC');
  t.equal(takenSort({ takenAt: null, createdAt }), createdAt, 'no date taken: the upload time');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taken-sort-'));
  t.teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const db = openDatabase(dir);
  const insert = db.prepare('INSERT INTO photos (photo_id, user_id, created_at, doc) VALUES (?, ?, ?, ?)');
  cases.forEach((takenAt, i) => insert.run(`p${i}`, 'u', createdAt, JSON.stringify({ takenAt })));
  const rows = db.prepare('SELECT photo_id, taken_sort FROM photos ORDER BY photo_id').all() as { taken_sort: string }[];
  t.same(
    rows.map((row) => row.taken_sort),
    cases.map((takenAt) => takenSort({ takenAt, createdAt })),
  );
  db.close();
});

t.test('a trashed photo is purged TRASH_DAYS later', async (t) => {
  t.equal(purgeAt('2026-01-01T00:00:00.000Z', 30), '2026-01-31T00:00:00.000Z');
});
