import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, notFound } from '../domain/errors.js';
import { verifyPassword } from '../domain/password-hash.js';
import { hashShareToken, SHARE_TOKEN, SHARE_UNLOCK_SECONDS, shareState, type Share } from '../domain/share.js';
import type { Clock } from '../ports/clock.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { AccountGate } from './account-gate.js';
import type { SignInGuard } from './sign-in-guard.js';

/** Why a public link serves nothing (503: not yet, come back after `retryAfterSeconds`). */
export interface ShareRefusal {
  served: false;
  status: 401 | 403 | 404 | 410 | 503;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/** What a visitor who gave the right password keeps (in a cookie): the proof, and how long it holds. */
export interface ShareUnlock {
  proof: string;
  maxAgeSeconds: number;
}

/** How long an album page's image tickets last. */
const IMAGE_TICKET_SECONDS = 600;

export const STATE_MESSAGES = {
  revoked: 'This share link has been revoked',
  expired: 'This share link has expired',
  used_up: 'This share link has been opened as many times as it may be',
} as const;

export const refusal = (status: ShareRefusal['status'], code: string, message: string): ShareRefusal => ({
  served: false,
  status,
  code,
  message,
});

export interface ShareAccessDeps {
  photos: PhotoRepo;
  /** Slows down wrong passwords for a link, per link and address. */
  guard: SignInGuard;
  /** Signs the proof that a visitor gave a link's password, so the slow hash is checked once, not on every visit. */
  unlockKey: Buffer;
  clock: Clock;
  /** The links of an account being deleted are not found, from the moment it is deleted; absent: none is. */
  gate?: AccountGate;
}

/**
 * Who may come in through a public link, checked on every visit: the link found by its token's hash, live, and for
 * a link with a password, proof that this visitor gave it. Nothing about what the link shows is looked at before.
 */
export class ShareAccess {
  constructor(private readonly deps: ShareAccessDeps) {}

  async find(token: string): Promise<Share | null> {
    const share = SHARE_TOKEN.test(token) ? await this.deps.photos.findShareByTokenHash(hashShareToken(token)) : null;
    if (share && (await this.deps.gate?.isClosed(share.userId))) return null;
    return share;
  }

  /**
   * `usedUpWith`: a check that lets a link past its `maxViews` (not past revocation or expiry), for the images of the
   * page its last counted visit was given (an image ticket).
   */
  async admit(
    token: string,
    proof: string | null,
    usedUpWith?: (share: Share) => boolean,
  ): Promise<{ share: Share } | ShareRefusal> {
    const share = await this.find(token);
    if (!share) return refusal(404, 'not_found', 'Share link not found');
    const state = shareState(share, this.deps.clock.now());
    const allowed = state === 'live' || (state === 'used_up' && usedUpWith?.(share) === true);
    if (!allowed) return refusal(410, state, STATE_MESSAGES[state]);
    if (share.passwordHash && !this.proven(share, proof)) {
      return refusal(401, 'password_required', 'This share link is protected by a password');
    }
    return { share };
  }

  /**
   * The visitor gives a link's password: right, a proof to keep (a cookie) until the link expires or a day passes;
   * wrong, 401 `wrong_password`, and after a few wrong ones from one address each try must wait longer (429).
   * Unknown, expired and revoked links answer as `admit` does, before any password is looked at.
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

  /**
   * A ticket for one image of a page just served: the images of an album's page keep loading for a while even when
   * that visit was the link's last (maxViews). It expires after IMAGE_TICKET_SECONDS and names the share and photo.
   */
  imageTicket(share: Share, photoId: string, notAfter?: number): string {
    const until = Math.min(this.deps.clock.now().getTime() + IMAGE_TICKET_SECONDS * 1000, notAfter ?? Infinity);
    return `${until}.${this.mac(`ticket.${share.shareId}.${photoId}.${until}`)}`;
  }

  validTicket(share: Share, photoId: string, ticket: string | null): boolean {
    return this.ticketExpiry(share, photoId, ticket) !== null;
  }

  /**
   * When a valid ticket expires (ms since the epoch); null for none or an invalid one. A page opened with a ticket
   * hands on tickets that expire no later, so following its links never stretches a used-up link's grace.
   */
  ticketExpiry(share: Share, photoId: string, ticket: string | null): number | null {
    const [until, mac, extra] = (ticket ?? '').split('.');
    if (!until || !mac || extra !== undefined || !/^\d{1,15}$/.test(until)) return null;
    if (Number(until) <= this.deps.clock.now().getTime()) return null;
    return sameText(mac, this.mac(`ticket.${share.shareId}.${photoId}.${until}`)) ? Number(until) : null;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.deps.unlockKey).update(text).digest('base64url');
  }

  private proofMac(share: Share, until: number): string {
    return createHmac('sha256', this.deps.unlockKey).update(`${share.shareId}.${until}`).digest('base64url');
  }

  private proven(share: Share, proof: string | null): boolean {
    const [until, mac, extra] = (proof ?? '').split('.');
    if (!until || !mac || extra !== undefined || !/^\d{1,15}$/.test(until)) return false;
    if (Number(until) <= this.deps.clock.now().getTime()) return false;
    return sameText(mac, this.proofMac(share, Number(until)));
  }
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
