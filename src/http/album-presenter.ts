import type { AlbumDetails } from '../ports/album-repo.js';
import type { AlbumView } from '../schemas/album.js';
import type { PhotoPresenter } from './photo-presenter.js';

/** An album as clients see it: no owner; its cover's id and thumbnail URL, signed as photos' are (the same window). */
export class AlbumPresenter {
  constructor(private readonly photos: PhotoPresenter) {}

  present(album: AlbumDetails, expiresAt = new Date(this.photos.window())): AlbumView {
    const cover = album.cover && this.photos.present(album.cover, expiresAt);
    return {
      albumId: album.albumId,
      title: album.title,
      description: album.description,
      coverPhotoId: album.cover?.photoId ?? null,
      coverUrl: cover?.urls?.thumbnail ?? null,
      photoCount: album.photoCount,
      createdAt: album.createdAt,
      updatedAt: album.updatedAt,
    };
  }

  presentAll(albums: AlbumDetails[]): AlbumView[] {
    const expiresAt = new Date(this.photos.window());
    return albums.map((album) => this.present(album, expiresAt));
  }
}
