import { sharesListing, type CursorCodec } from '../domain/cursor.js';
import { AppError, conflict, forbidden, notFound } from '../domain/errors.js';
import { newId, newSecret } from '../domain/ids.js';
import {
  hashShareToken,
  MAX_LIVE_SHARES,
  SHARE_TOKEN,
  shareExpiry,
  shareState,
  type Share,
  type ShareVariant,
} from '../domain/share.js';
import type { Photo } from '../domain/photo.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { DerivedBlob, DerivedImages } from './derived-images.js';
import { ownedPhoto } from './ownership.js';

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
}

export interface NewShare {
  expiresInSeconds?: number | undefined;
  variant?: ShareVariant | undefined;
}

export interface ShareListRequest {
  limit: number;
  cursor?: string | undefined;
}

/** A public link opened: what to serve, or why not (503: not yet, come back after `retryAfterSeconds`). */
export type OpenedShare =
  | { served: true; share: Share; blob: DerivedBlob }
  | { served: false; status: 404 | 410 | 503; code: string; message: string; retryAfterSeconds?: number };

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
    const now = this.deps.clock.now();
    const expiresAt = shareExpiry(now, request.expiresInSeconds);
    const variant = request.variant ?? 'preview';
    // Asked for before the link exists, so that it is usually made before the first visitor comes.
    if (variant === 'original') await this.fullSizeFor(photo);
    const token = newSecret();
    const share: Share = {
      shareId: newId(),
      photoId: photo.photoId,
      userId,
      tokenHash: hashShareToken(token),
      variant,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      revokedAt: null,
      views: 0,
    };
    const created = await this.deps.photos.createShare(share, MAX_LIVE_SHARES);
    if (created === 'photo_missing') throw notFound('Photo');
    if (created === 'too_many') {
      throw conflict(
        `The photo already has ${MAX_LIVE_SHARES} live share links, the most it can have; revoke some before making another`,
        'too_many_shares',
      );
    }
    return { share, url: `${this.deps.publicUrl}/s/${token}` };
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

  async revoke(userId: string, shareId: string): Promise<void> {
    const share = await this.deps.photos.getShare(shareId);
    if (!share || share.userId !== userId) throw notFound('Share');
    await this.deps.photos.revokeShare(share.shareId, this.deps.clock.now());
  }

  /** Checked live on every visit, so revoking takes effect at once; a served visit is counted. */
  async open(token: string): Promise<OpenedShare> {
    const share = SHARE_TOKEN.test(token) ? await this.deps.photos.findShareByTokenHash(hashShareToken(token)) : null;
    if (!share) return { served: false, status: 404, code: 'not_found', message: 'Share link not found' };
    const state = shareState(share, this.deps.clock.now());
    if (state !== 'live') {
      return {
        served: false,
        status: 410,
        code: state,
        message: `This share link has ${state === 'revoked' ? 'been revoked' : 'expired'}`,
      };
    }
    const photo = await this.deps.photos.get(share.photoId);
    if (!photo || photo.status !== 'ready' || photo.trashedAt) {
      return { served: false, status: 410, code: 'gone', message: 'The shared photo is no longer available' };
    }
    const blob =
      share.variant === 'original'
        ? await this.fullSizeFor(photo)
        : (photo.variants[share.variant] ?? this.deps.derived.describe(photo, share.variant));
    if (!blob) {
      return {
        served: false,
        status: 503,
        code: 'preparing',
        message: 'The full-size photo is still being prepared; try again in a few seconds',
        retryAfterSeconds: PREPARING_RETRY_SECONDS,
      };
    }
    await this.deps.photos.countView(share.shareId);
    return { served: true, share, blob: { key: blob.key, contentType: blob.contentType, etag: blob.etag } };
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
