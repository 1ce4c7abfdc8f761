import { sharesListing, type CursorCodec } from '../domain/cursor.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, badRequest, conflict, forbidden, notFound } from '../domain/errors.js';
import { hashPassword, verifyPassword } from '../domain/password-hash.js';
import { newId, newSecret } from '../domain/ids.js';
import {
  hashShareToken,
  MAX_LIVE_SHARES,
  MAX_SHARE_PASSWORD,
  MAX_SHARE_VIEWS,
  MIN_SHARE_PASSWORD,
  SHARE_UNLOCK_SECONDS,
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
import type { SignInGuard } from './sign-in-guard.js';

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
  /** Slows down wrong passwords for a link, per link and address. */
  guard: SignInGuard;
  /** Signs the proof a visitor gave a link's password (a cookie), so the hash is checked once, not on every visit. */
  unlockKey: Buffer;
}

export interface NewShare {
  expiresInSeconds?: number | undefined;
  variant?: ShareVariant | undefined;
  password?: string | undefined;
  allowDownload?: boolean | undefined;
  maxViews?: number | undefined;
}

/** What a visitor who gave the right password keeps (in a cookie): the proof, and how long it holds. */
export interface ShareUnlock {
  proof: string;
  maxAgeSeconds: number;
}

export interface ShareListRequest {
  limit: number;
  cursor?: string | undefined;
}

/** A public link opened: what to serve, or why not (503: not yet, come back after `retryAfterSeconds`). */
export type OpenedShare =
  | { served: true; share: Share; blob: DerivedBlob }
  | { served: false; status: 401 | 403 | 404 | 410 | 503; code: string; message: string; retryAfterSeconds?: number };

const STATE_MESSAGES = {
  revoked: 'This share link has been revoked',
  expired: 'This share link has expired',
  used_up: 'This share link has been opened as many times as it may be',
} as const;

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
    const { password, maxViews } = request;
    if (password !== undefined && (password.length < MIN_SHARE_PASSWORD || password.length > MAX_SHARE_PASSWORD)) {
      throw badRequest(`password must be ${MIN_SHARE_PASSWORD} to ${MAX_SHARE_PASSWORD} characters`);
    }
    if (maxViews !== undefined && (!Number.isInteger(maxViews) || maxViews < 1 || maxViews > MAX_SHARE_VIEWS)) {
      throw badRequest(`maxViews must be a whole number from 1 to ${MAX_SHARE_VIEWS}`);
    }
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
      passwordHash: password === undefined ? null : await hashPassword(password),
      allowDownload: request.allowDownload ?? false,
      maxViews: maxViews ?? null,
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

  /**
   * Checked live on every visit, so revoking takes effect at once; a served visit is counted. A link with a password
   * gives nothing (not even whether its photo still exists) without `proof` that the visitor gave it (`unlock`).
   * `download`: the full-size photo as a file, which only a link that allows downloads gives. `count: false` for a
   * request that is not a visit (HEAD, a revalidation of what the browser already has): it uses up no `maxViews`.
   */
  async open(token: string, proof: string | null = null, download = false, count = true): Promise<OpenedShare> {
    const share = await this.find(token);
    if (!share) return { served: false, status: 404, code: 'not_found', message: 'Share link not found' };
    const state = shareState(share, this.deps.clock.now());
    if (state !== 'live') return { served: false, status: 410, code: state, message: STATE_MESSAGES[state] };
    if (share.passwordHash && !this.proven(share, proof)) {
      return {
        served: false,
        status: 401,
        code: 'password_required',
        message: 'This share link is protected by a password',
      };
    }
    if (download && !share.allowDownload) {
      return {
        served: false,
        status: 403,
        code: 'download_not_allowed',
        message: 'The person who shared this photo did not allow downloads',
      };
    }
    const photo = await this.deps.photos.get(share.photoId);
    if (!photo || photo.status !== 'ready' || photo.trashedAt) {
      return { served: false, status: 410, code: 'gone', message: 'The shared photo is no longer available' };
    }
    const blob =
      share.variant === 'original' || download
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
    if (count && !(await this.deps.photos.countView(share))) {
      return { served: false, status: 410, code: 'used_up', message: STATE_MESSAGES.used_up };
    }
    return { served: true, share, blob: { key: blob.key, contentType: blob.contentType, etag: blob.etag } };
  }

  private async find(token: string): Promise<Share | null> {
    return SHARE_TOKEN.test(token) ? this.deps.photos.findShareByTokenHash(hashShareToken(token)) : null;
  }

  /**
   * The visitor gives a link's password: right, a proof to keep (a cookie) until the link expires or a day passes;
   * wrong, 401 `wrong_password`, and after a few wrong ones from one address each try must wait longer (429).
   * Unknown, expired and revoked links answer as `open` does, before any password is looked at.
   */
  async unlock(token: string, password: string, address: string): Promise<ShareUnlock> {
    const share = await this.find(token);
    if (!share) throw notFound('Share link');
    const state = shareState(share, this.deps.clock.now());
    if (state !== 'live') throw new AppError(410, state, STATE_MESSAGES[state]);
    const { passwordHash } = share;
    if (passwordHash) {
      await this.deps.guard.guarded(
        `share:${share.shareId}|${address}`,
        async () => {
          if (!(await verifyPassword(password, passwordHash))) {
            throw new AppError(401, 'wrong_password', 'That is not the password of this link');
          }
        },
        'wrong_password',
      );
    }
    const now = this.deps.clock.now().getTime();
    const until = Math.min(now + SHARE_UNLOCK_SECONDS * 1000, Date.parse(share.expiresAt));
    return { proof: `${until}.${this.proofMac(share, until)}`, maxAgeSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  private proofMac(share: Share, until: number): string {
    return createHmac('sha256', this.deps.unlockKey).update(`${share.shareId}.${until}`).digest('base64url');
  }

  private proven(share: Share, proof: string | null): boolean {
    const [until, mac, extra] = (proof ?? '').split('.');
    if (!until || !mac || extra !== undefined || !/^\d{1,15}$/.test(until)) return false;
    if (Number(until) <= this.deps.clock.now().getTime()) return false;
    const expected = Buffer.from(this.proofMac(share, Number(until)));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
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
