import type { Readable } from 'node:stream';
import { blobKeys } from '../domain/blob-keys.js';
import { LIBRARY_LISTING, LIBRARY_TAKEN_LISTING, type CursorCodec } from '../domain/cursor.js';
import { AppError, badRequest, notFound } from '../domain/errors.js';
import { dateBound, searchWords } from '../domain/search.js';
import { newId } from '../domain/ids.js';
import type { ImageType } from '../domain/image-type.js';
import { cleanDescription, cleanFilename, cleanTags, cleanTitle, type Photo } from '../domain/photo.js';
import type { AlbumRepo } from '../ports/album-repo.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { ExistingPhoto, LibraryOrder, LibraryUsage, PhotoRepo } from '../ports/photo-repo.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { DerivedImages } from './derived-images.js';
import { ownedPhoto } from './ownership.js';
import { UploadInspector } from './upload-inspector.js';

export interface PhotoServiceDeps {
  photos: PhotoRepo;
  /** For `albumId` filters: the album must be the caller's. */
  albums: AlbumRepo;
  blobs: BlobStore;
  derived: DerivedImages;
  signer: UrlSigner;
  cursors: CursorCodec;
  clock: Clock;
  /** Bytes of originals each user may keep (QUOTA_BYTES); null: no quota. */
  quotaBytes: number | null;
}

/** Room for multipart framing and text fields beside the file, when a Content-Length is judged against a quota. */
export const MULTIPART_ALLOWANCE = 192 * 1024;

/** An upload under way: its id and key are chosen before the first byte is stored. */
export interface PendingUpload {
  userId: string;
  photoId: string;
  key: string;
}

/** What was learnt while the original streamed to storage. */
export interface ReceivedOriginal {
  contentType: ImageType;
  size: number;
  sha256: string;
}

export interface UploadFields {
  filename?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  tags?: string | string[] | undefined;
}

export interface PhotoEdit {
  title?: string | undefined;
  description?: string | undefined;
  tags?: string | string[] | undefined;
  favorite?: boolean | undefined;
}

export interface ListRequest {
  limit: number;
  /** Newest uploaded first (default), or newest taken first; a cursor continues only the order it came from. */
  order?: LibraryOrder | undefined;
  cursor?: string | undefined;
  tag?: string | undefined;
  /** true: only favourites; false or absent: the whole library. */
  favorite?: boolean | undefined;
  /** Words to find in the title, description, filename, tags, labels or camera. */
  q?: string | undefined;
  label?: string | undefined;
  /** The camera's make or model. */
  camera?: string | undefined;
  /** Taken (else uploaded) on or after this date or date-time. */
  from?: string | undefined;
  /** Taken (else uploaded) on or before this date, or before this date-time. */
  to?: string | undefined;
  /** Only photos in this album of the caller's (404 for anyone else's). */
  albumId?: string | undefined;
}

/** How long the URL for an original download stays valid. */
export const ORIGINAL_URL_SECONDS = 300;

/** A user's library: uploads, reading, edits, deletes. Every call names the user, and another user's photo is a 404. */
export class PhotoService {
  constructor(private readonly deps: PhotoServiceDeps) {}

  startUpload(userId: string): PendingUpload {
    const photoId = newId();
    return { userId, photoId, key: blobKeys.original(userId, photoId) };
  }

  /**
   * Streams the original to storage, refusing anything whose first bytes are
   * not an image we accept (415) and hashing every byte. Resolves once the
   * original is durable; on failure nothing is left. Aborting `signal` fails
   * the upload with its reason while the body itself is left to drain.
   */
  async receiveOriginal(upload: PendingUpload, body: Readable, signal?: AbortSignal): Promise<ReceivedOriginal> {
    const inspector = new UploadInspector();
    body.on('error', (err) => inspector.destroy(err));
    signal?.addEventListener('abort', () => inspector.destroy(signal.reason as Error), { once: true });
    await this.deps.blobs.put(upload.key, body.pipe(inspector), 'application/octet-stream');
    return { contentType: inspector.decidedType(), size: inspector.size, sha256: inspector.digestHex() };
  }

  /** Removes what an upload that will not complete stored. */
  discardUpload(upload: PendingUpload): Promise<void> {
    return this.deps.blobs.delete(upload.key);
  }

  /** Records the photo once its original is durable; its processing job follows (PhotoRepo.create). */
  async completeUpload(upload: PendingUpload, original: ReceivedOriginal, fields: UploadFields): Promise<Photo> {
    try {
      const now = this.deps.clock.now().toISOString();
      const photo: Photo = {
        photoId: upload.photoId,
        userId: upload.userId,
        status: 'processing',
        filename: cleanFilename(fields.filename),
        contentType: original.contentType,
        size: original.size,
        sha256: original.sha256,
        originalKey: upload.key,
        width: null,
        height: null,
        takenAt: null,
        createdAt: now,
        updatedAt: now,
        title: cleanTitle(fields.title ?? ''),
        description: cleanDescription(fields.description ?? ''),
        tags: cleanTags(fields.tags ?? ''),
        labels: [],
        moderation: [],
        camera: null,
        variants: {},
        error: null,
      };
      const created = await this.deps.photos.create(photo, this.deps.quotaBytes);
      if ('duplicateOf' in created) {
        throw new AppError(409, 'duplicate', 'You already have this photo (the same bytes): nothing new was stored', {
          photoId: created.duplicateOf,
        });
      }
      if (!created.created) throw this.overQuota();
      return photo;
    } catch (err) {
      await this.discardUpload(upload);
      throw err;
    }
  }

  /** What the user's library holds, and the quota it is held to. */
  async usage(userId: string): Promise<{ usage: LibraryUsage; quotaBytes: number | null }> {
    return { usage: await this.deps.photos.usage(userId), quotaBytes: this.deps.quotaBytes };
  }

  /**
   * Bytes the user may still upload, or null without a quota. A request whose Content-Length already says it would
   * pass them is refused before its body is read (403 `quota_exceeded`).
   */
  async roomFor(userId: string, contentLength: number | undefined): Promise<number | null> {
    if (this.deps.quotaBytes === null) return null;
    const room = Math.max(0, this.deps.quotaBytes - (await this.deps.photos.usage(userId)).bytes);
    if (contentLength !== undefined && contentLength > room + MULTIPART_ALLOWANCE) throw this.overQuota();
    return room;
  }

  overQuota(): AppError {
    return new AppError(
      403,
      'quota_exceeded',
      `This photo would take your library past its quota of ${this.deps.quotaBytes?.toLocaleString('en') ?? 'unlimited'} bytes: delete some photos first`,
    );
  }

  /** Which of these originals (SHA-256, hex) the user already has, so that a client can skip them before sending bytes. */
  async existing(userId: string, hashes: string[]): Promise<ExistingPhoto[]> {
    return this.deps.photos.findBySha256(userId, [...new Set(hashes.map((hash) => hash.toLowerCase()))]);
  }

  get(userId: string, photoId: string): Promise<Photo> {
    return ownedPhoto(this.deps.photos, userId, photoId);
  }

  /** Newest (uploaded, or taken) first; the cursor is bound to the user and the order (CursorCodec). */
  async list(userId: string, request: ListRequest): Promise<{ items: Photo[]; nextCursor: string | null }> {
    const order = request.order ?? 'uploaded';
    const listing = order === 'taken' ? LIBRARY_TAKEN_LISTING : LIBRARY_LISTING;
    const position = request.cursor ? this.deps.cursors.decode(userId, listing, request.cursor) : undefined;
    const after = position && { createdAt: position.createdAt, photoId: position.id };
    const tag = request.tag?.trim().toLowerCase() || undefined;
    const label = request.label?.trim().toLowerCase() || undefined;
    const camera = request.camera?.trim().toLowerCase() || undefined;
    const words = request.q === undefined ? [] : searchWords(request.q);
    const from = request.from === undefined ? undefined : dateBound(request.from, 'from');
    const to = request.to === undefined ? undefined : dateBound(request.to, 'to');
    if (from && to && from >= to) throw badRequest('from must be before to');
    if (request.albumId !== undefined) {
      const album = await this.deps.albums.get(request.albumId);
      if (album?.userId !== userId) throw notFound('Album');
    }
    const page = await this.deps.photos.list({
      userId,
      limit: request.limit,
      ...(order === 'taken' && { order }),
      after,
      tag,
      ...(request.favorite && { favorite: true }),
      ...(label && { label }),
      ...(camera && { camera }),
      ...(words.length > 0 && { words }),
      ...(from && { from }),
      ...(to && { to }),
      ...(request.albumId !== undefined && { albumId: request.albumId }),
    });
    const next =
      page.next && this.deps.cursors.encode(userId, listing, { createdAt: page.next.createdAt, id: page.next.photoId });
    return { items: page.items, nextCursor: next };
  }

  /** Changes whenever anything in the user's library does; null where the store keeps none. */
  libraryVersion(userId: string): Promise<string | null> {
    return this.deps.photos.libraryVersion(userId);
  }

  async edit(userId: string, photoId: string, edit: PhotoEdit): Promise<Photo> {
    await this.get(userId, photoId);
    const updated = await this.deps.photos.update(
      photoId,
      {
        ...(edit.title !== undefined && { title: cleanTitle(edit.title) }),
        ...(edit.description !== undefined && { description: cleanDescription(edit.description) }),
        ...(edit.tags !== undefined && { tags: cleanTags(edit.tags) }),
        ...(edit.favorite !== undefined && { favorite: edit.favorite }),
      },
      this.deps.clock.now(),
    );
    if (!updated) throw notFound('Photo');
    return updated;
  }

  /** A short-lived URL that downloads the original as uploaded. */
  async originalUrl(userId: string, photoId: string): Promise<{ url: string; expiresAt: Date }> {
    const photo = await this.get(userId, photoId);
    const expiresAt = new Date(this.deps.clock.now().getTime() + ORIGINAL_URL_SECONDS * 1000);
    return { url: await this.deps.signer.signOriginal(photo.originalKey, expiresAt), expiresAt };
  }
}
