import { shareState, type Share } from '../domain/share.js';
import type { Clock } from '../ports/clock.js';
import type { ShareView } from '../schemas/share.js';

/**
 * A share as its owner sees it: never the token's hash; the link's URL (`url`, from ShareService.urlOf) only while it
 * is live and only for its owner.
 */
export function presentShare(share: Share, clock: Clock, url: string | null): ShareView {
  return {
    shareId: share.shareId,
    url,
    kind: share.albumId ? 'album' : 'photo',
    photoId: share.albumId ? null : share.photoId,
    albumId: share.albumId,
    variant: share.variant,
    createdAt: share.createdAt,
    expiresAt: share.expiresAt,
    revokedAt: share.revokedAt,
    views: share.views,
    state: shareState(share, clock.now()),
    hasPassword: share.passwordHash !== null,
    allowDownload: share.allowDownload,
    maxViews: share.maxViews,
  };
}
