import {
  cleanAlbumDescription,
  cleanAlbumTitle,
  MAX_ALBUMS_PER_USER,
  MAX_PHOTOS_PER_ALBUM,
  MAX_PHOTOS_PER_CHANGE,
} from '../domain/album.js';
import { ALBUMS_LISTING, albumListing, type CursorCodec } from '../domain/cursor.js';
import { AppError, badRequest, conflict, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { Photo } from '../domain/photo.js';
import type { AlbumDetails, AlbumEdit, MembershipRefusal, AlbumRepo } from '../ports/album-repo.js';
import type { Clock } from '../ports/clock.js';
import type { PhotoRepo } from '../ports/photo-repo.js';

export interface AlbumServiceDeps {
  albums: AlbumRepo;
  photos: PhotoRepo;
  /** Binds the albums listing's and each album's cursors to the user (and the album). */
  cursors: CursorCodec;
  clock: Clock;
  /** The bounds, MAX_ALBUMS_PER_USER and MAX_PHOTOS_PER_ALBUM unless a test sets smaller ones. */
  maxAlbums?: number;
  maxPhotosPerAlbum?: number;
}

export interface NewAlbum {
  title: string;
  description?: string | undefined;
}

export interface AlbumChange {
  title?: string | undefined;
  description?: string | undefined;
  coverPhotoId?: string | null | undefined;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

const photosNotFound = () =>
  new AppError(404, 'not_found', 'Photo not found: every photo named must be yours and in your library; nothing was changed');

/** A user's albums: another user's album is a 404, exactly like a missing one, and so is any photo not in the caller's library. */
export class AlbumService {
  private readonly maxAlbums: number;
  private readonly maxPhotosPerAlbum: number;

  constructor(private readonly deps: AlbumServiceDeps) {
    this.maxAlbums = deps.maxAlbums ?? MAX_ALBUMS_PER_USER;
    this.maxPhotosPerAlbum = deps.maxPhotosPerAlbum ?? MAX_PHOTOS_PER_ALBUM;
  }

  async create(userId: string, request: NewAlbum): Promise<AlbumDetails> {
    const now = this.deps.clock.now().toISOString();
    const album = {
      albumId: newId(),
      userId,
      title: cleanAlbumTitle(request.title),
      description: cleanAlbumDescription(request.description ?? ''),
      coverPhotoId: null,
      createdAt: now,
      updatedAt: now,
    };
    if ((await this.deps.albums.create(album, this.maxAlbums)) === 'too_many') {
      throw conflict(
        `You have ${this.maxAlbums.toLocaleString('en')} albums, the most allowed: delete one first`,
        'too_many_albums',
      );
    }
    return { ...album, photoCount: 0, cover: null };
  }

  /** Newest created first. */
  async list(userId: string, request: PageRequest): Promise<{ items: AlbumDetails[]; nextCursor: string | null }> {
    const position = request.cursor ? this.deps.cursors.decode(userId, ALBUMS_LISTING, request.cursor) : undefined;
    const page = await this.deps.albums.list({
      userId,
      limit: request.limit,
      after: position && { createdAt: position.createdAt, albumId: position.id },
    });
    const next =
      page.next && this.deps.cursors.encode(userId, ALBUMS_LISTING, { createdAt: page.next.createdAt, id: page.next.albumId });
    return { items: page.items, nextCursor: next };
  }

  async get(userId: string, albumId: string): Promise<AlbumDetails> {
    const album = await this.deps.albums.get(albumId);
    if (!album || album.userId !== userId) throw notFound('Album');
    return album;
  }

  /** A cover must be a photo of the album in the library: another user's, a missing or a trashed one is 404, one of the user's photos not in the album 400. */
  async edit(userId: string, albumId: string, change: AlbumChange): Promise<AlbumDetails> {
    await this.get(userId, albumId);
    const edit: AlbumEdit = {
      ...(change.title !== undefined && { title: cleanAlbumTitle(change.title) }),
      ...(change.description !== undefined && { description: cleanAlbumDescription(change.description) }),
      ...(change.coverPhotoId !== undefined && { coverPhotoId: change.coverPhotoId }),
    };
    if (typeof edit.coverPhotoId === 'string') {
      const photo = await this.deps.photos.get(edit.coverPhotoId);
      if (!inLibraryOf(photo, userId)) throw notFound('Photo');
    }
    const updated = await this.deps.albums.update(albumId, edit, this.deps.clock.now());
    if (updated === 'album_missing') throw notFound('Album');
    if (updated === 'cover_not_in_album') throw badRequest('The cover must be a photo of the album', 'cover_not_in_album');
    return updated;
  }

  /** The album and its memberships; the photos stay in the library. */
  async delete(userId: string, albumId: string): Promise<void> {
    await this.get(userId, albumId);
    await this.deps.albums.delete(albumId);
  }

  /** Adds photos of the user's library; those already in the album stay as they are. All or nothing. */
  async addPhotos(userId: string, albumId: string, photoIds: string[]): Promise<AlbumDetails> {
    const ids = this.distinct(photoIds);
    await this.get(userId, albumId);
    const refused = await this.deps.albums.addPhotos(albumId, userId, ids, this.maxPhotosPerAlbum, this.deps.clock.now());
    this.raise(refused);
    return this.get(userId, albumId);
  }

  /** Removes photos of the user's library from the album; those not in it are ignored. All or nothing. */
  async removePhotos(userId: string, albumId: string, photoIds: string[]): Promise<AlbumDetails> {
    const ids = this.distinct(photoIds);
    await this.get(userId, albumId);
    this.raise(await this.deps.albums.removePhotos(albumId, userId, ids, this.deps.clock.now()));
    return this.get(userId, albumId);
  }

  /** Newest taken first; photos in the trash are not listed. */
  async listPhotos(
    userId: string,
    albumId: string,
    request: PageRequest,
  ): Promise<{ items: Photo[]; nextCursor: string | null }> {
    await this.get(userId, albumId);
    const listing = albumListing(albumId);
    const position = request.cursor ? this.deps.cursors.decode(userId, listing, request.cursor) : undefined;
    const page = await this.deps.albums.listPhotos({
      albumId,
      limit: request.limit,
      after: position && { takenSort: position.createdAt, photoId: position.id },
    });
    const next =
      page.next && this.deps.cursors.encode(userId, listing, { createdAt: page.next.takenSort, id: page.next.photoId });
    return { items: page.items, nextCursor: next };
  }

  private distinct(photoIds: string[]): string[] {
    const ids = [...new Set(photoIds)];
    if (ids.length === 0 || ids.length > MAX_PHOTOS_PER_CHANGE) {
      throw badRequest(`name 1 to ${MAX_PHOTOS_PER_CHANGE} photos`);
    }
    return ids;
  }

  private raise(refused: MembershipRefusal | null): void {
    if (refused === 'album_missing') throw notFound('Album');
    if (refused === 'photos_missing') throw photosNotFound();
    if (refused === 'album_full') {
      throw conflict(
        `An album holds at most ${this.maxPhotosPerAlbum.toLocaleString('en')} photos: nothing was added`,
        'album_full',
      );
    }
  }
}

const inLibraryOf = (photo: Photo | null, userId: string): boolean => !!photo && photo.userId === userId && !photo.trashedAt;
