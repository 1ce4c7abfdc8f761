import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DOWNLOAD_TICKET_PATTERN, DOWNLOAD_TICKET_SECONDS, MAX_DOWNLOAD_PHOTOS } from '../domain/download.js';
import { AppError, badRequest, notFound } from '../domain/errors.js';
import type { Photo } from '../domain/photo.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { DownloadTicketStore } from '../ports/download-tickets.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { AccountGate } from './account-gate.js';

export interface DownloadServiceDeps {
  photos: PhotoRepo;
  blobs: BlobStore;
  tickets: DownloadTicketStore;
  gate: AccountGate;
  clock: Clock;
}

/** A photo's original, opened for reading. */
export interface OpenedOriginal {
  photo: Photo;
  body: Readable;
  size: number;
}

/** Photos read at once while checking a download's photos. */
const READ_CONCURRENCY = 16;

const photosNotFound = () =>
  new AppError(404, 'not_found', 'Photo not found: every photo named must be yours and in your library; nothing was made');
const ticketNotFound = () => notFound('Download');
const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
const inLibraryOf = (photo: Photo | null, userId: string): photo is Photo =>
  !!photo && photo.userId === userId && !photo.trashedAt;

/**
 * Bulk downloads of a user's originals. `create` checks the photos and hands back a short-lived URL that needs no
 * Authorization header (a browser navigates to it); `open` checks the ticket, the account and the photos again.
 */
export class DownloadService {
  constructor(private readonly deps: DownloadServiceDeps) {}

  /** A URL (`/downloads/<ticket>`, same origin) for these photos of the user's library, valid 5 minutes. All or nothing: any other photo is a 404. */
  async create(userId: string, photoIds: string[]): Promise<{ url: string; expiresAt: Date }> {
    const ids = [...new Set(photoIds)];
    if (ids.length === 0 || ids.length > MAX_DOWNLOAD_PHOTOS) throw badRequest(`name 1 to ${MAX_DOWNLOAD_PHOTOS} photos`);
    const photos = await this.read(ids);
    if (!photos.every((photo) => inLibraryOf(photo, userId))) throw photosNotFound();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + DOWNLOAD_TICKET_SECONDS * 1000);
    const ticket = randomBytes(32).toString('base64url');
    await this.deps.tickets.put({ ticketHash: hashOf(ticket), userId, photoIds: ids, expiresAt: expiresAt.toISOString() }, now);
    return { url: `/downloads/${ticket}`, expiresAt };
  }

  /**
   * The photos a live ticket names that are still in its user's library, in the order asked, and whether they go
   * as a zip; 404 for a wrong or expired ticket, an account being deleted, or when none is left.
   */
  async open(ticket: string): Promise<{ userId: string; photos: Photo[]; asZip: boolean }> {
    if (!DOWNLOAD_TICKET_PATTERN.test(ticket)) throw ticketNotFound();
    const found = await this.deps.tickets.get(hashOf(ticket), this.deps.clock.now());
    if (!found || (await this.deps.gate.isClosed(found.userId))) throw ticketNotFound();
    const photos = (await this.read(found.photoIds)).filter((photo) => inLibraryOf(photo, found.userId));
    if (photos.length === 0) throw ticketNotFound();
    // Several photos asked for make a zip, even when only one of them is left.
    return { userId: found.userId, photos, asZip: found.photoIds.length > 1 };
  }

  /** The photo's original as a stream, or null when it is gone. */
  async original(photo: Photo): Promise<OpenedOriginal | null> {
    const blob = await this.deps.blobs.get(photo.originalKey);
    return blob && { photo, body: blob.body, size: blob.size };
  }

  /** Each photo's original as a stream, one at a time as the caller asks for the next; an original gone meanwhile is skipped. */
  async *originals(photos: Photo[]): AsyncGenerator<OpenedOriginal> {
    for (const photo of photos) {
      const original = await this.original(photo);
      if (original) yield original;
    }
  }

  private async read(ids: string[]): Promise<(Photo | null)[]> {
    const photos: (Photo | null)[] = [];
    for (let i = 0; i < ids.length; i += READ_CONCURRENCY) {
      photos.push(...(await Promise.all(ids.slice(i, i + READ_CONCURRENCY).map((id) => this.deps.photos.get(id)))));
    }
    return photos;
  }
}
