import { albumListing, type CursorCodec } from '../domain/cursor.js';
import type { Photo } from '../domain/photo.js';
import type { Share } from '../domain/share.js';
import type { AlbumDetails, AlbumRepo } from '../ports/album-repo.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { DerivedBlob } from './derived-images.js';
import { refusal, type ShareAccess, type ShareRefusal } from './share-access.js';
import type { ShareService } from './share-service.js';

export interface AlbumShareViewerDeps {
  albums: AlbumRepo;
  photos: PhotoRepo;
  shares: ShareService;
  access: ShareAccess;
  /** Pages of an album link are bound to the link, not to a user. */
  cursors: CursorCodec;
}

/** What an album link shows on one page: the album, and its photos that are ready and in the library. */
export interface SharedAlbumPage {
  album: AlbumDetails;
  items: Photo[];
  nextCursor: string | null;
}

const gone = () => refusal(410, 'gone', 'The shared album is no longer available');

/** What an album link shows of its photos: those ready, in the library, and not flagged by moderation (as for photo links). */
const shownThroughLinks = (photo: Photo) => photo.status === 'ready' && !photo.trashedAt && photo.moderation.length === 0;

/** What visitors of an album link see: its photos as they are now, each image checked against the link. */
export class AlbumShareViewer {
  constructor(private readonly deps: AlbumShareViewerDeps) {}

  /** A page of the album of a link already admitted (`ShareService.open`), newest taken first. */
  async page(share: Share, request: { limit: number; cursor?: string | undefined }): Promise<SharedAlbumPage | ShareRefusal> {
    const album = share.albumId ? await this.deps.albums.get(share.albumId) : null;
    if (!album || album.userId !== share.userId) return gone();
    const reader = `share:${share.shareId}`;
    const listing = albumListing(album.albumId);
    const position = request.cursor ? this.deps.cursors.decode(reader, listing, request.cursor) : undefined;
    const page = await this.deps.albums.listPhotos({
      albumId: album.albumId,
      limit: request.limit,
      ...(position && { after: { takenSort: position.createdAt, photoId: position.id } }),
    });
    const next =
      page.next && this.deps.cursors.encode(reader, listing, { createdAt: page.next.takenSort, id: page.next.photoId });
    return { album, items: page.items.filter(shownThroughLinks), nextCursor: next };
  }

  /** Lets an image of a page just served load even if that visit was the link's last (ShareAccess.imageTicket). */
  ticket(share: Share, photoId: string, notAfter?: number): string {
    return this.deps.access.imageTicket(share, photoId, notAfter);
  }

  /**
   * One photo's image through an album link: the link admitted as on every visit, the photo still in the album, in
   * its owner's library and ready. `download` only for a link that allows it. Images are not counted as views.
   */
  async image(
    token: string,
    proof: string | null,
    photoId: string,
    variant: 'thumbnail' | 'preview' | 'download',
    ticket: string | null = null,
  ): Promise<DerivedBlob | ShareRefusal> {
    const found = await this.photo(token, proof, photoId, ticket);
    if ('served' in found) return found;
    const { share, photo } = found;
    if (variant === 'download' && !share.allowDownload) {
      return refusal(403, 'download_not_allowed', 'The person who shared this album did not allow downloads');
    }
    return this.deps.shares.blobFor(photo, variant === 'download' ? 'full' : variant);
  }

  /**
   * One photo of an album link (for its image, or its page in the album): admitted as on every visit (a `ticket`
   * from a page just served lets it past `maxViews`), still in the album, in its owner's library and ready.
   */
  async photo(
    token: string,
    proof: string | null,
    photoId: string,
    ticket: string | null = null,
  ): Promise<{ share: Share; photo: Photo } | ShareRefusal> {
    const admitted = await this.deps.access.admit(token, proof, (share) => this.deps.access.validTicket(share, photoId, ticket));
    if (!('share' in admitted)) return admitted;
    const { share } = admitted;
    const notHere = refusal(404, 'not_found', 'No such photo in this album');
    if (!share.albumId || !(await this.deps.albums.hasPhoto(share.albumId, photoId))) return notHere;
    // The album itself, still its owner's: in DynamoDB its members may outlive it for a while after a delete.
    const album = await this.deps.albums.get(share.albumId);
    if (album?.userId !== share.userId) return gone();
    const photo = await this.deps.photos.get(photoId);
    if (!photo || photo.userId !== share.userId || !shownThroughLinks(photo)) return notHere;
    return { share, photo };
  }
}
