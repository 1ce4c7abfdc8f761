import type { Photo } from '../domain/photo.js';
import type { Share } from '../domain/share.js';
import type { SharedAlbumView } from '../schemas/share.js';

/** Photos per page of a shared album. */
export const SHARED_ALBUM_PAGE = 60;

/** A page of a shared album, as `AlbumShareViewer.page` gives it. */
interface SharedAlbumPage {
  album: { title: string; description: string; photoCount: number };
  items: Photo[];
  nextCursor: string | null;
}

/**
 * An album as its link's visitors see it: title, description and its photos' sizes, dates and placeholders, with
 * image URLs through the link itself (each checked against it), never the owner's signed URLs, keys or labels.
 */
export function presentSharedAlbum(
  linkUrl: string,
  share: Share,
  page: SharedAlbumPage,
  ticketFor: (photoId: string) => string,
): SharedAlbumView {
  return {
    kind: 'album',
    title: page.album.title,
    description: page.album.description,
    photoCount: page.album.photoCount,
    expiresAt: share.expiresAt,
    allowDownload: share.allowDownload,
    items: page.items.map((photo) => {
      const base = `${linkUrl}/photos/${photo.photoId}`;
      const ticket = `?t=${encodeURIComponent(ticketFor(photo.photoId))}`;
      return {
        photoId: photo.photoId,
        width: photo.width,
        height: photo.height,
        takenAt: photo.takenAt,
        thumbhash: photo.thumbhash ?? null,
        urls: {
          thumbnail: `${base}/thumbnail${ticket}`,
          preview: `${base}/preview${ticket}`,
          download: share.allowDownload ? `${base}/download${ticket}` : null,
        },
      };
    }),
    nextCursor: page.nextCursor,
  };
}
