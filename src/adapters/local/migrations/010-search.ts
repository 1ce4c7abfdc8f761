import type { Migration } from './migration.js';

/** Writes a photo's terms and words from `new.doc` (inside a trigger on photos). */
const INDEX_NEW = `
        INSERT OR IGNORE INTO photo_terms (user_id, kind, term, photo_id)
          SELECT new.user_id, 'tag', lower(value), new.photo_id FROM json_each(new.doc, '$.tags')
          UNION SELECT new.user_id, 'label', lower(json_extract(value, '$.name')), new.photo_id FROM json_each(new.doc, '$.labels')
          UNION SELECT new.user_id, 'camera', lower(value), new.photo_id
            FROM json_each(json_array(json_extract(new.doc, '$.camera.make'), json_extract(new.doc, '$.camera.model')))
            WHERE value IS NOT NULL AND value <> '';
        INSERT INTO photo_text (photo_id, user_id, body) VALUES (new.photo_id, new.user_id, concat_ws(' ',
          json_extract(new.doc, '$.title'), json_extract(new.doc, '$.description'), json_extract(new.doc, '$.filename'),
          (SELECT group_concat(value, ' ') FROM json_each(new.doc, '$.tags')),
          (SELECT group_concat(json_extract(value, '$.name'), ' ') FROM json_each(new.doc, '$.labels')),
          json_extract(new.doc, '$.camera.make'), json_extract(new.doc, '$.camera.model')));`;

/** Removes what INDEX_NEW wrote for `old` (inside a trigger on photos). */
const UNINDEX_OLD = `
        DELETE FROM photo_terms WHERE photo_id = old.photo_id;
        DELETE FROM photo_text WHERE photo_id = old.photo_id;`;

/**
 * Search. `photo_terms` holds, per photo, each tag, label and camera as an exact lower-case term, keyed for
 * `tag=`, `label=` and `camera=` filters; `photo_text` (with its FTS5 index `photo_text_index`) holds the words of
 * its title, description, filename, tags, labels and camera for `q=`. Triggers on `photos` keep both in step with
 * every write of the document, in the writer's transaction, so no code path can forget them. The library's index
 * and the favourites' become partial over the photos not in the trash, so a filtered listing reads documents only for
 * its matches. Changes to an album's members move its owner's library version, as changes to photos do, so a
 * cached page filtered by album is never served stale.
 */
export const search: Migration = {
  version: 10,
  name: 'search',
  up: (db) =>
    db.exec(`
      CREATE TABLE photo_terms (
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        term TEXT NOT NULL,
        photo_id TEXT NOT NULL,
        PRIMARY KEY (user_id, kind, term, photo_id)
      ) WITHOUT ROWID;
      CREATE INDEX photo_terms_by_photo ON photo_terms (photo_id);

      CREATE TABLE photo_text (
        id INTEGER PRIMARY KEY,
        photo_id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE VIRTUAL TABLE photo_text_index USING fts5 (
        body, content = 'photo_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER photo_text_added AFTER INSERT ON photo_text BEGIN
        INSERT INTO photo_text_index (rowid, body) VALUES (new.id, new.body);
      END;
      CREATE TRIGGER photo_text_removed AFTER DELETE ON photo_text BEGIN
        INSERT INTO photo_text_index (photo_text_index, rowid, body) VALUES ('delete', old.id, old.body);
      END;

      CREATE TRIGGER photos_indexed_on_insert AFTER INSERT ON photos BEGIN
        ${INDEX_NEW}
      END;
      CREATE TRIGGER photos_indexed_on_update AFTER UPDATE OF doc ON photos BEGIN
        ${UNINDEX_OLD}
        ${INDEX_NEW}
      END;
      CREATE TRIGGER photos_unindexed_on_delete AFTER DELETE ON photos BEGIN
        ${UNINDEX_OLD}
      END;
      -- The library's listing reads this index alone until a photo matches every filter (photo_id is in it).
      DROP INDEX photos_by_user;
      CREATE INDEX photos_library ON photos (user_id, created_at DESC, photo_id DESC) WHERE trashed_at IS NULL;
      -- Albums join their members to the library: this answers "in the library, taken when" without reading documents.
      CREATE INDEX photos_in_library ON photos (photo_id, taken_sort) WHERE trashed_at IS NULL;
      DROP INDEX photos_favorites;
      CREATE INDEX photos_favorites ON photos (user_id, created_at DESC, photo_id DESC) WHERE favorite = 1 AND trashed_at IS NULL;
      -- A listing filtered by album changes when the album's members do: the owner's library version moves too.
      CREATE TRIGGER album_photos_added AFTER INSERT ON album_photos BEGIN
        INSERT INTO library_versions (user_id, version) SELECT user_id, 1 FROM albums WHERE album_id = new.album_id
          ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER album_photos_removed AFTER DELETE ON album_photos BEGIN
        INSERT INTO library_versions (user_id, version) SELECT user_id, 1 FROM albums WHERE album_id = old.album_id
          ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER albums_removed AFTER DELETE ON albums BEGIN
        INSERT INTO library_versions (user_id, version) VALUES (old.user_id, 1)
          ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
      END;
      -- The photos already there: rewriting each document fires the update trigger.
      UPDATE photos SET doc = doc;
    `),
};
