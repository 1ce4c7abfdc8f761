import { sharesListing, type CursorCodec } from '../domain/cursor.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../domain/errors.js';
import { hashPassword } from '../domain/password-hash.js';
import { newId, newSecret } from '../domain/ids.js';
import type { SecretSealer } from '../domain/secret-sealer.js';
import {
  hashShareToken,
  MAX_LIVE_SHARES,
  shareState,
  MAX_SHARE_PASSWORD,
  MAX_SHARE_VIEWS,
  MIN_SHARE_PASSWORD,
  shareExpiry,
  type Share,
  type ShareVariant,
} from '../domain/share.js';
import type { Photo } from '../domain/photo.js';
import type { AlbumRepo } from '../ports/album-repo.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { DerivedBlob, DerivedImages } from './derived-images.js';
import { ownedPhoto } from './ownership.js';
import { refusal, STATE_MESSAGES, type ShareAccess, type ShareRefusal, type ShareUnlock } from './share-access.js';

export interface ShareServiceDeps {
  photos: PhotoRepo;
  derived: DerivedImages;
  /** Where full-size copies are asked of the worker; without one (an aws-mode API with no QUEUE_URL) the API makes them. */
  queue: JobQueue | null;
  /** Binds a share listing's cursors to the user and the photo. */
  cursors: CursorCodec;
  clock: Clock;
  /** Base of the public links handed out. */
  publicUrl: string;
  /** Who may come in through a public link (its state, its password). */
  access: ShareAccess;
  /** For album links: the album must be the caller's. */
  albums: AlbumRepo;
  /** Seals each new link's token under the server's share key, so that its owner can see its URL again. */
  sealer: SecretSealer;
}

export interface NewShare {
  expiresInSeconds?: number | undefined;
  variant?: ShareVariant | undefined;
  password?: string | undefined;
  allowDownload?: boolean | undefined;
  maxViews?: number | undefined;
}

export interface ShareListRequest {
  limit: number;
  cursor?: string | undefined;
}

/** A public link opened: what to serve, or why not (503: not yet, come back after `retryAfterSeconds`). */
export type OpenedShare =
  { served: true; share: Share; blob: DerivedBlob; photo: Photo } | { served: true; share: Share; album: string } | ShareRefusal;

/** A full-size copy asked for is not asked for again, however often its link is opened, for this long. */
const ASK_AGAIN_MS = 60_000;
const MOST_REMEMBERED_ASKS = 10_000;
/** What a visitor is told to wait while the worker makes a full-size copy. */
const PREPARING_RETRY_SECONDS = 5;

/** Links that let anyone with the URL see one photo until they expire or are revoked. */
export class ShareService {
  /** When this process last asked the worker for a photo's full-size copy. */
  private readonly asked = new Map<string, number>();

  constructor(private readonly deps: ShareServiceDeps) {}

  /**
   * Only a ready photo that moderation did not flag can be shared, and one
   * photo has at most MAX_LIVE_SHARES live links (revoked and expired ones do
   * not count); the token is returned here and never again.
   */
  async create(userId: string, photoId: string, request: NewShare): Promise<{ share: Share; url: string }> {
    const photo = await ownedPhoto(this.deps.photos, userId, photoId);
    if (photo.status !== 'ready') {
      throw new AppError(409, 'photo_not_ready', `The photo is ${photo.status}; it can be shared once it is ready`);
    }
    if (photo.moderation.length > 0) {
      throw forbidden(
        `The photo was flagged by moderation (${photo.moderation.map((m) => m.name).join(', ')}) and cannot be shared`,
        'moderation_flagged',
      );
    }
    const variant = request.variant ?? 'preview';
    // Asked for before the link exists, so that it is usually made before the first visitor comes (or downloads).
    if (variant === 'original' || request.allowDownload === true) await this.fullSizeFor(photo);
    return this.record(userId, { photoId: photo.photoId, albumId: null }, variant, request);
  }

  /**
   * A link to one of the caller's albums (404 for anyone else's): its visitors see the album's photos in the
   * library as they are when they visit (thumbnails and previews, paged), photos added later included, removed or
   * trashed ones not. At most MAX_LIVE_SHARES live links per album.
   */
  async createForAlbum(userId: string, albumId: string, request: NewShare): Promise<{ share: Share; url: string }> {
    const album = await this.deps.albums.get(albumId);
    if (album?.userId !== userId) throw notFound('Album');
    if (request.variant !== undefined)
      throw badRequest('variant is for photo links: an album link shows thumbnails and previews');
    return this.record(userId, { photoId: '', albumId }, 'preview', request);
  }

  private async record(
    userId: string,
    target: { photoId: string; albumId: string | null },
    variant: ShareVariant,
    request: NewShare,
  ): Promise<{ share: Share; url: string }> {
    const now = this.deps.clock.now();
    const expiresAt = shareExpiry(now, request.expiresInSeconds);
    const { password, maxViews } = request;
    if (password !== undefined && (password.length < MIN_SHARE_PASSWORD || password.length > MAX_SHARE_PASSWORD)) {
      throw badRequest(`password must be ${MIN_SHARE_PASSWORD} to ${MAX_SHARE_PASSWORD} characters`);
    }
    if (maxViews !== undefined && (!Number.isInteger(maxViews) || maxViews < 1 || maxViews > MAX_SHARE_VIEWS)) {
      throw badRequest(`maxViews must be a whole number from 1 to ${MAX_SHARE_VIEWS}`);
    }
    const token = newSecret();
    const share: Share = {
      shareId: newId(),
      ...target,
      userId,
      tokenHash: hashShareToken(token),
      sealedToken: this.deps.sealer.seal(token),
      variant,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      revokedAt: null,
      views: 0,
      passwordHash: password === undefined ? null : await hashPassword(password),
      allowDownload: request.allowDownload ?? false,
      maxViews: maxViews ?? null,
    };
    const what = target.albumId ? 'album' : 'photo';
    const created = await this.deps.photos.createShare(share, MAX_LIVE_SHARES);
    if (created === 'photo_missing') throw notFound(target.albumId ? 'Album' : 'Photo');
    if (created === 'too_many') {
      throw conflict(
        `The ${what} already has ${MAX_LIVE_SHARES} live share links, the most it can have; revoke some before making another`,
        'too_many_shares',
      );
    }
    return { share, url: this.linkFor(token) };
  }

  private linkFor(token: string): string {
    return `${this.deps.publicUrl}/s/${token}`;
  }

  /**
   * A listed link's URL again, for its owner (the listings check ownership): only while the link is live, and only
   * for links made since tokens are sealed; null otherwise, and for a token that does not open under this key.
   */
  urlOf(share: Share): string | null {
    if (!share.sealedToken || shareState(share, this.deps.clock.now()) !== 'live') return null;
    let token: string;
    try {
      token = this.deps.sealer.open(share.sealedToken);
    } catch {
      return null;
    }
    return hashShareToken(token) === share.tokenHash ? this.linkFor(token) : null;
  }

  /** A photo's links in every state, newest first; the cursor is bound to the user and the photo (CursorCodec). */
  async listForPhoto(
    userId: string,
    photoId: string,
    request: ShareListRequest,
  ): Promise<{ items: Share[]; nextCursor: string | null }> {
    const photo = await ownedPhoto(this.deps.photos, userId, photoId);
    const listing = sharesListing(photo.photoId);
    const position = request.cursor ? this.deps.cursors.decode(userId, listing, request.cursor) : undefined;
    const page = await this.deps.photos.listShares({
      photoId: photo.photoId,
      limit: request.limit,
      ...(position && { after: { createdAt: position.createdAt, shareId: position.id } }),
    });
    const next =
      page.next && this.deps.cursors.encode(userId, listing, { createdAt: page.next.createdAt, id: page.next.shareId });
    return { items: page.items, nextCursor: next };
  }

  /** An album's links in every state, newest first; the cursor is bound to the user and the album. */
  async listForAlbum(
    userId: string,
    albumId: string,
    request: ShareListRequest,
  ): Promise<{ items: Share[]; nextCursor: string | null }> {
    const album = await this.deps.albums.get(albumId);
    if (album?.userId !== userId) throw notFound('Album');
    const listing = sharesListing(`album:${albumId}`);
    const position = request.cursor ? this.deps.cursors.decode(userId, listing, request.cursor) : undefined;
    const page = await this.deps.photos.listShares({
      photoId: '',
      albumId,
      limit: request.limit,
      ...(position && { after: { createdAt: position.createdAt, shareId: position.id } }),
    });
    const next =
      page.next && this.deps.cursors.encode(userId, listing, { createdAt: page.next.createdAt, id: page.next.shareId });
    return { items: page.items, nextCursor: next };
  }

  async revoke(userId: string, shareId: string): Promise<void> {
    const share = await this.deps.photos.getShare(shareId);
    if (!share || share.userId !== userId) throw notFound('Share');
    await this.deps.photos.revokeShare(share.shareId, this.deps.clock.now());
  }

  /**
   * Checked live on every visit (ShareAccess), so revoking takes effect at once; a served visit is counted. A link
   * with a password gives nothing (not even whether its photo still exists) without proof that the visitor gave
   * it. `download`: the full-size photo as a file, which only a link that allows downloads gives. An album link is
   * admitted and counted here; `AlbumShareViewer` shows it. `countView: false` for a request that is not a visit
   * (HEAD, a revalidation, an album's further pages): it uses up no `maxViews`. `ticket`: the one a photo link's page
   * gave its image and download (`imageTicket`), which lets them through once the page's visit was the last.
   */
  async open(
    token: string,
    proof: string | null = null,
    {
      download = false,
      countView = true,
      ticket = null,
    }: { download?: boolean; countView?: boolean; ticket?: string | null } = {},
  ): Promise<OpenedShare> {
    const admitted = await this.deps.access.admit(
      token,
      proof,
      ticket === null ? undefined : (share) => this.deps.access.validTicket(share, share.photoId, ticket),
    );
    if (!('share' in admitted)) return admitted;
    const { share } = admitted;
    if (share.albumId) {
      if (download) return refusal(404, 'not_found', 'An album link has no single download');
      if (countView && !(await this.deps.photos.countView(share))) return refusal(410, 'used_up', STATE_MESSAGES.used_up);
      return { served: true, share, album: share.albumId };
    }
    if (download && !share.allowDownload) {
      return refusal(403, 'download_not_allowed', 'The person who shared this photo did not allow downloads');
    }
    const photo = await this.deps.photos.get(share.photoId);
    if (!photo || photo.status !== 'ready' || photo.trashedAt) {
      return refusal(410, 'gone', 'The shared photo is no longer available');
    }
    const blob = await this.blobFor(photo, share.variant === 'original' || download ? 'full' : share.variant);
    if ('served' in blob) return blob;
    if (countView && !(await this.deps.photos.countView(share))) return refusal(410, 'used_up', STATE_MESSAGES.used_up);
    return { served: true, share, blob, photo };
  }

  /**
   * A ticket for an image (or the download) of a page just served through the link (`ShareAccess.imageTicket`),
   * expiring no later than `notAfter` when given.
   */
  imageTicket(share: Share, photoId: string, notAfter?: number): string {
    return this.deps.access.imageTicket(share, photoId, notAfter);
  }

  /** When the ticket given for this photo of the link expires; null: no valid ticket. */
  ticketExpiry(share: Share, photoId: string, ticket: string | null): number | null {
    return this.deps.access.ticketExpiry(share, photoId, ticket);
  }

  /** The image of a shared photo: the full-size copy (asked of the worker, 503 until made) or a variant. */
  async blobFor(photo: Photo, variant: 'thumbnail' | 'preview' | 'full'): Promise<DerivedBlob | ShareRefusal> {
    const blob =
      variant === 'full'
        ? await this.fullSizeFor(photo)
        : (photo.variants[variant] ?? this.deps.derived.describe(photo, variant));
    if (!blob) {
      return {
        ...refusal(503, 'preparing', 'The full-size photo is still being prepared; try again in a few seconds'),
        retryAfterSeconds: PREPARING_RETRY_SECONDS,
      };
    }
    return { key: blob.key, contentType: blob.contentType, etag: blob.etag };
  }

  /** Counts a visit the caller served (or is about to); false when the link has reached `maxViews` (then refuse). */
  countVisit(share: Share): Promise<boolean> {
    return this.deps.photos.countView(share);
  }

  unlock(token: string, password: string, address: string): Promise<ShareUnlock> {
    return this.deps.access.unlock(token, password, address);
  }

  /**
   * The photo's full-size copy, or null while the worker makes it. The API
   * never decodes a whole photo: it asks the worker (a `full-size` job), and
   * asks again if the copy is still missing a minute later (a lost or failed
   * job), however many visitors come meanwhile.
   */
  private async fullSizeFor(photo: Photo): Promise<DerivedBlob | null> {
    const made = await this.deps.derived.madeFullSize(photo);
    if (made) return made;
    if (!this.deps.queue) return this.deps.derived.fullSize(photo);
    const now = this.deps.clock.now().getTime();
    const last = this.asked.get(photo.photoId);
    if (last !== undefined && now - last < ASK_AGAIN_MS) return null;
    if (this.asked.size >= MOST_REMEMBERED_ASKS) this.asked.clear();
    this.asked.set(photo.photoId, now);
    await this.deps.queue.send({ photoId: photo.photoId, userId: photo.userId, key: photo.originalKey, task: 'full-size' });
    return null;
  }
}
