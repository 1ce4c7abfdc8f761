import { badRequest } from './errors.js';
import { hashSecret } from './ids.js';

export type ShareVariant = 'thumbnail' | 'preview' | 'original';
export const SHARE_VARIANTS: ShareVariant[] = ['preview', 'thumbnail', 'original'];

export const DEFAULT_SHARE_SECONDS = 86_400;
export const MAX_SHARE_SECONDS = 7 * 86_400;
/** At most this many live (neither revoked nor expired) links per photo; revoked and expired ones do not count. */
export const MAX_LIVE_SHARES = 100;

export interface Share {
  shareId: string;
  /** The photo a photo link shows; empty for an album link. */
  photoId: string;
  /** The album an album link shows (its photos in the library, as they are when visited); null for a photo link. */
  albumId: string | null;
  userId: string;
  /** SHA-256 of the public token: the lookup key for a visit. */
  tokenHash: string;
  /**
   * The token sealed (AES-256-GCM, SecretSealer) under the server's share key, so that its owner can copy the link
   * again; absent or null for links made before links were sealed, and dropped on revoke.
   */
  sealedToken?: string | null;
  variant: ShareVariant;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  views: number;
  /** A slow hash (scrypt) of the password a visitor must give first; null: none. */
  passwordHash: string | null;
  /** Whether the public page offers the full-size photo (without metadata) for download. */
  allowDownload: boolean;
  /** Served visits after which the link answers 410; null: no limit. */
  maxViews: number | null;
}

export type ShareState = 'live' | 'expired' | 'revoked' | 'used_up';

export function shareState(share: Share, now: Date): ShareState {
  if (share.revokedAt) return 'revoked';
  if (Date.parse(share.expiresAt) <= now.getTime()) return 'expired';
  if (share.maxViews !== null && share.views >= share.maxViews) return 'used_up';
  return 'live';
}

export const MIN_SHARE_PASSWORD = 4;
export const MAX_SHARE_PASSWORD = 200;
export const MAX_SHARE_VIEWS = 1_000_000;

/** How long a visitor who gave a link's password is let in without giving it again (never past the link's expiry). */
export const SHARE_UNLOCK_SECONDS = 86_400;

export function shareExpiry(now: Date, expiresInSeconds: number | undefined): Date {
  const seconds = expiresInSeconds ?? DEFAULT_SHARE_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SHARE_SECONDS) {
    throw badRequest(`expiresInSeconds must be a whole number from 1 to ${MAX_SHARE_SECONDS} (7 days)`);
  }
  return new Date(now.getTime() + seconds * 1000);
}

/** Share tokens are stored as their SHA-256: a leaked table leaks no working link. */
export const hashShareToken = hashSecret;

/** What a public link's token looks like; anything else is not looked up. */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
