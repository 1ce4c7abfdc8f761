/** The library's calls beyond one photo: listings with filters, albums, the trash, downloads. */

import type { components, paths } from './api-types.js';
import { ApiError, call, type Photo } from './api.js';

type Json<T extends { content: { 'application/json': unknown } }> = T['content']['application/json'];

export type Album = components['schemas']['Album'];
export type TrashedPhoto = components['schemas']['TrashedPhoto'];
export type PhotoFilters = Omit<NonNullable<paths['/photos']['get']['parameters']['query']>, 'limit' | 'cursor'>;
type PhotoPage = Json<paths['/photos']['get']['responses'][200]>;
type AlbumList = Json<paths['/albums']['get']['responses'][200]>;
type AlbumPhotos = Json<paths['/albums/{albumId}/photos']['get']['responses'][200]>;
type TrashPage = Json<paths['/trash']['get']['responses'][200]>;
type NewAlbum = Json<paths['/albums']['post']['requestBody']>;
type AlbumEdit = Json<paths['/albums/{albumId}']['patch']['requestBody']>;

/** One page of a listing, whatever lists it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const query = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const listLibrary = (filters: PhotoFilters, cursor: string | null, limit = 60) =>
  call<PhotoPage>('GET', `/photos${query({ ...filters, limit, cursor })}`);
export const listAlbumPhotos = (albumId: string, cursor: string | null, limit = 60) =>
  call<AlbumPhotos>('GET', `/albums/${albumId}/photos${query({ limit, cursor })}`);
export const listTrash = (cursor: string | null, limit = 60) => call<TrashPage>('GET', `/trash${query({ limit, cursor })}`);

export const listAlbums = (cursor: string | null = null) => call<AlbumList>('GET', `/albums${query({ limit: 100, cursor })}`);
export const getAlbum = (albumId: string) => call<Album>('GET', `/albums/${albumId}`);
export const createAlbum = (album: NewAlbum) => call<Album>('POST', '/albums', album);
export const editAlbum = (albumId: string, edit: AlbumEdit) => call<Album>('PATCH', `/albums/${albumId}`, edit);
export const deleteAlbum = (albumId: string) => call<undefined>('DELETE', `/albums/${albumId}`);
export const addToAlbum = (albumId: string, photoIds: string[]) =>
  call<unknown>('POST', `/albums/${albumId}/photos`, { photoIds });
export const removeFromAlbum = (albumId: string, photoIds: string[]) =>
  call<unknown>('DELETE', `/albums/${albumId}/photos`, { photoIds });

export const setFavorite = (photoId: string, favorite: boolean) => call<Photo>('PATCH', `/photos/${photoId}`, { favorite });
export const restoreFromTrash = (photoId: string) => call<unknown>('POST', `/trash/${photoId}/restore`);
export const deleteForGood = (photoId: string) => call<undefined>('DELETE', `/trash/${photoId}`);
export const emptyTrash = () => call<unknown>('DELETE', '/trash');

/** A download the server makes (one photo's original, or a zip of several) at a short-lived URL the browser saves. */
export async function download(photoIds: string[]): Promise<void> {
  const { url } = await call<{ url: string; expiresAt: string }>('POST', '/downloads', { photoIds });
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Many calls, a few at a time; a 429 waits as long as the service asks, then tries again. Failures are counted. */
export async function eachAtMost<T>(items: T[], work: (item: T) => Promise<unknown>, concurrency = 4): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      for (let attempt = 0; ; attempt++) {
        try {
          await work(item);
          break;
        } catch (err) {
          if (err instanceof ApiError && err.status === 429 && attempt < 5) {
            await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
            continue;
          }
          failed++;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return failed;
}
