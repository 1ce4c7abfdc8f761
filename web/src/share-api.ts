/** The share calls of the web client: links to a photo or an album, made, listed a page at a time, revoked. */

import { call } from './api.js';
import type { components, paths } from './api-types.js';

type Json<T extends { content: { 'application/json': unknown } }> = T['content']['application/json'];

/** A listed link: its state and views, and its URL while it is live (null otherwise, or for links made before). */
export type ShareLink = components['schemas']['Share'];
/** The link just made, with its URL. */
export type CreatedShareLink = components['schemas']['CreatedShare'];
export type NewShareLink = NonNullable<Json<paths['/photos/{photoId}/share']['post']['requestBody']>>;
export type ShareLinkPage = Json<paths['/photos/{photoId}/shares']['get']['responses'][200]>;

/** What a panel shares: one photo, or an album. */
export type ShareTarget = { photoId: string } | { albumId: string };

/** The longest a link may last (the server's MAX_SHARE_SECONDS: 7 days). */
export const MAX_SHARE_SECONDS = 7 * 86_400;

const base = (target: ShareTarget) =>
  'photoId' in target ? `/photos/${encodeURIComponent(target.photoId)}` : `/albums/${encodeURIComponent(target.albumId)}`;

export const createShareLink = (target: ShareTarget, options: NewShareLink) =>
  call<CreatedShareLink>('POST', `${base(target)}/share`, options);

/** One page of the target's links, newest first; pass the previous page's nextCursor for the next one. */
export const listShareLinks = (target: ShareTarget, cursor: string | null = null) =>
  call<ShareLinkPage>('GET', `${base(target)}/shares${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);

export const revokeShareLink = (shareId: string) => call<undefined>('DELETE', `/shares/${encodeURIComponent(shareId)}`);
