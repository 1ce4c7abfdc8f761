import type { Statement } from 'better-sqlite3';
import type { Album } from '../../domain/album.js';
import type { Photo } from '../../domain/photo.js';
import type {
  AlbumDetails,
  AlbumEdit,
  AlbumPage,
  AlbumPhotoPage,
  AlbumPhotoPosition,
  AlbumPosition,
  AlbumRepo,
  MembershipRefusal,
} from '../../ports/album-repo.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface AlbumRow {
  album_id: string;
  user_id: string;
  title: string;
  description: string;
  cover_photo_id: string | null;
  created_at: string;
  updated_at: string;
}

const toAlbum = (row: AlbumRow): Album => ({
  albumId: row.album_id,
  userId: row.user_id,
  title: row.title,
  description: row.description,
  coverPhotoId: row.cover_photo_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The album's members that are in the library: migration 9's table joined through photos_in_library (migration 10), which answers it without reading documents. */
const MEMBERS_IN_LIBRARY = `album_photos ap JOIN photos p INDEXED BY photos_in_library ON p.photo_id = ap.photo_id
  WHERE ap.album_id = @albumId AND p.trashed_at IS NULL`;

/**
 * Albums in the same SQLite file as the photos (`albums`, `album_photos`, migration 9). Counts, covers and the order
 * of an album's photos come from joining `photos`, so they follow the trash and the worker's date taken by
 * themselves. Every change of members checks, counts and writes in one immediate transaction.
 */
export class SqliteAlbumRepo implements AlbumRepo {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  /** Prepared once per SQL text. */
  private statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }

  async create(album: Album, maxAlbums: number): Promise<'created' | 'too_many'> {
    return this.db
      .transaction((): 'created' | 'too_many' => {
        const { n } = this.statement('SELECT count(*) AS n FROM albums WHERE user_id = ?').get(album.userId) as { n: number };
        if (n >= maxAlbums) return 'too_many';
        this.statement(
          `INSERT INTO albums (album_id, user_id, title, description, cover_photo_id, created_at, updated_at)
           VALUES (@albumId, @userId, @title, @description, @coverPhotoId, @createdAt, @updatedAt)`,
        ).run(album);
        return 'created';
      })
      .immediate();
  }

  private row(albumId: string): AlbumRow | undefined {
    return this.statement('SELECT * FROM albums WHERE album_id = ?').get(albumId) as AlbumRow | undefined;
  }

  /** The count and the cover: an indexed count over the album's rows, and one photo. */
  private details(row: AlbumRow): AlbumDetails {
    const albumId = row.album_id;
    const { n } = this.statement(`SELECT count(*) AS n FROM ${MEMBERS_IN_LIBRARY}`).get({ albumId }) as { n: number };
    const chosen =
      row.cover_photo_id === null
        ? undefined
        : (this.statement(`SELECT p.doc FROM ${MEMBERS_IN_LIBRARY} AND ap.photo_id = @photoId`).get({
            albumId,
            photoId: row.cover_photo_id,
          }) as { doc: string } | undefined);
    const cover =
      chosen ??
      (this.statement(`SELECT p.doc FROM ${MEMBERS_IN_LIBRARY} ORDER BY p.taken_sort DESC, p.photo_id DESC LIMIT 1`).get({
        albumId,
      }) as { doc: string } | undefined);
    return { ...toAlbum(row), photoCount: n, cover: cover ? (JSON.parse(cover.doc) as Photo) : null };
  }

  async get(albumId: string): Promise<AlbumDetails | null> {
    const row = this.row(albumId);
    return row ? this.details(row) : null;
  }

  async list(query: { userId: string; limit: number; after?: AlbumPosition | undefined }): Promise<AlbumPage> {
    const after = query.after ? 'AND (created_at, album_id) < (@afterCreatedAt, @afterAlbumId)' : '';
    const rows = this.statement(
      `SELECT * FROM albums WHERE user_id = @userId ${after} ORDER BY created_at DESC, album_id DESC LIMIT @limit`,
    ).all({
      userId: query.userId,
      afterCreatedAt: query.after?.createdAt,
      afterAlbumId: query.after?.albumId,
      limit: query.limit + 1,
    }) as AlbumRow[];
    const items = rows.slice(0, query.limit).map((row) => this.details(row));
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? { createdAt: last.createdAt, albumId: last.albumId } : null };
  }

  async update(albumId: string, edit: AlbumEdit, now: Date): Promise<AlbumDetails | 'album_missing' | 'cover_not_in_album'> {
    return this.db
      .transaction((): AlbumDetails | 'album_missing' | 'cover_not_in_album' => {
        const row = this.row(albumId);
        if (!row) return 'album_missing';
        if (
          typeof edit.coverPhotoId === 'string' &&
          !this.statement(`SELECT 1 FROM ${MEMBERS_IN_LIBRARY} AND ap.photo_id = @photoId`).get({
            albumId,
            photoId: edit.coverPhotoId,
          })
        ) {
          return 'cover_not_in_album';
        }
        const next: AlbumRow = {
          ...row,
          ...(edit.title !== undefined && { title: edit.title }),
          ...(edit.description !== undefined && { description: edit.description }),
          ...(edit.coverPhotoId !== undefined && { cover_photo_id: edit.coverPhotoId }),
          updated_at: now.toISOString(),
        };
        this.statement(
          `UPDATE albums SET title = @title, description = @description, cover_photo_id = @cover_photo_id,
             updated_at = @updated_at WHERE album_id = @album_id`,
        ).run(next);
        return this.details(next);
      })
      .immediate();
  }

  async delete(albumId: string): Promise<void> {
    // album_photos rows go with it (ON DELETE CASCADE).
    this.statement('DELETE FROM albums WHERE album_id = ?').run(albumId);
  }

  /** In the caller's transaction: the album is the user's, and every id is a photo of the user in the library. */
  private refusal(albumId: string, userId: string, photoIds: string[]): MembershipRefusal | null {
    const row = this.row(albumId);
    if (!row || row.user_id !== userId) return 'album_missing';
    const { n } = this.db
      .prepare(
        `SELECT count(*) AS n FROM photos WHERE photo_id IN (${photoIds.map(() => '?').join(', ')})
           AND user_id = ? AND trashed_at IS NULL`,
      )
      .get(...photoIds, userId) as { n: number };
    return n === photoIds.length ? null : 'photos_missing';
  }

  async addPhotos(
    albumId: string,
    userId: string,
    photoIds: string[],
    maxPhotos: number,
    now: Date,
  ): Promise<MembershipRefusal | null> {
    if (photoIds.length === 0) return this.row(albumId)?.user_id === userId ? null : 'album_missing';
    return this.db
      .transaction((): MembershipRefusal | null => {
        const refused = this.refusal(albumId, userId, photoIds);
        if (refused) return refused;
        const present = this.db
          .prepare(
            `SELECT count(*) AS n FROM album_photos WHERE album_id = ? AND photo_id IN (${photoIds.map(() => '?').join(', ')})`,
          )
          .get(albumId, ...photoIds) as { n: number };
        const added = photoIds.length - present.n;
        if (added === 0) return null;
        const { n } = this.statement(`SELECT count(*) AS n FROM ${MEMBERS_IN_LIBRARY}`).get({ albumId }) as { n: number };
        if (n + added > maxPhotos) return 'album_full';
        const insert = this.statement(
          'INSERT INTO album_photos (album_id, photo_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        );
        for (const photoId of photoIds) insert.run(albumId, photoId, now.toISOString());
        this.statement('UPDATE albums SET updated_at = ? WHERE album_id = ?').run(now.toISOString(), albumId);
        return null;
      })
      .immediate();
  }

  async removePhotos(albumId: string, userId: string, photoIds: string[], now: Date): Promise<MembershipRefusal | null> {
    if (photoIds.length === 0) return this.row(albumId)?.user_id === userId ? null : 'album_missing';
    return this.db
      .transaction((): MembershipRefusal | null => {
        const refused = this.refusal(albumId, userId, photoIds);
        if (refused) return refused;
        const remove = this.statement('DELETE FROM album_photos WHERE album_id = ? AND photo_id = ?');
        let removed = 0;
        for (const photoId of photoIds) removed += remove.run(albumId, photoId).changes;
        if (removed > 0) this.statement('UPDATE albums SET updated_at = ? WHERE album_id = ?').run(now.toISOString(), albumId);
        return null;
      })
      .immediate();
  }

  async hasPhoto(albumId: string, photoId: string): Promise<boolean> {
    return !!this.statement('SELECT 1 FROM album_photos WHERE album_id = ? AND photo_id = ?').get(albumId, photoId);
  }

  async listPhotos(query: { albumId: string; limit: number; after?: AlbumPhotoPosition | undefined }): Promise<AlbumPhotoPage> {
    const after = query.after ? 'AND (p.taken_sort, p.photo_id) < (@afterSort, @afterPhotoId)' : '';
    const rows = this.statement(
      `SELECT p.doc, p.taken_sort FROM ${MEMBERS_IN_LIBRARY} ${after}
       ORDER BY p.taken_sort DESC, p.photo_id DESC LIMIT @limit`,
    ).all({
      albumId: query.albumId,
      afterSort: query.after?.takenSort,
      afterPhotoId: query.after?.photoId,
      limit: query.limit + 1,
    }) as { doc: string; taken_sort: string }[];
    const items = rows.slice(0, query.limit).map((row) => ({ photo: JSON.parse(row.doc) as Photo, takenSort: row.taken_sort }));
    const last = items[items.length - 1];
    const next = rows.length > query.limit && last ? { takenSort: last.takenSort, photoId: last.photo.photoId } : null;
    return { items: items.map((item) => item.photo), next };
  }

  async forgetPhoto(photo: Photo): Promise<void> {
    this.db
      .transaction(() => {
        this.statement('DELETE FROM album_photos WHERE photo_id = ?').run(photo.photoId);
        this.statement('UPDATE albums SET cover_photo_id = NULL WHERE user_id = ? AND cover_photo_id = ?').run(
          photo.userId,
          photo.photoId,
        );
      })
      .immediate();
  }

  /** Nothing to do: counts and listings join `photos` and skip what is in the trash. */
  async photoLeftLibrary(): Promise<void> {}

  /** Nothing to do, as for photoLeftLibrary. */
  async photoBackInLibrary(): Promise<void> {}
}
