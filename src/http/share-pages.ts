import type { SharedAlbumView } from '../schemas/share.js';
import { escapeHtml as escape, htmlPage, readableDate, type LinkCard } from './html-page.js';

/** The HTML a browser gets from a share link that serves no image: a refusal, or the password form; and an album's grid. */

const PAGES = {
  403: ['Download not allowed', 'The person who shared this photo did not allow downloads.'],
  404: ['Link not found', 'This link does not exist. Check that it was copied completely.'],
  410: ['Link no longer available', 'This link has expired, was revoked, or has been opened as often as it may be.'],
  503: ['Almost there', 'The full-size photo is being prepared. This page will try again in a few seconds.'],
} as const;

export type RefusalStatus = keyof typeof PAGES;

const ASK_THE_SENDER = '<p class="muted">If you still need it, ask the person who sent it for a new link.</p>';

export function refusalPage(status: RefusalStatus, retryAfterSeconds?: number): string {
  const [title, text] = PAGES[status];
  const refresh = retryAfterSeconds ? `<meta http-equiv="refresh" content="${retryAfterSeconds}">` : '';
  const more = status === 404 || status === 410 ? ASK_THE_SENDER : '';
  return htmlPage({
    title: `${title} · photoshare`,
    layout: 'message',
    head: refresh,
    body: `<h1>${title}</h1><p>${text}</p>${more}`,
  });
}

/**
 * The form for a link with a password. It says nothing of what the link shows (no title, no image, no album name,
 * no link card) and posts the password in the body, never the URL.
 */
export function passwordPage(linkPath: string, error?: string): string {
  const message = error ? `<p class="error" role="alert">${escape(error)}</p>` : '';
  return htmlPage({
    title: 'Password required · photoshare',
    layout: 'message',
    body: `<h1>This link is protected</h1><p>Enter the password you were given with the link.</p>${message}<form method="post" action="${escape(linkPath)}/unlock"><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="off" required autofocus> <button class="button" type="submit">Open</button></form>`,
  });
}

/** An album link's page: its title, description and a grid of thumbnails, each opening that photo's page (`viewUrl`). */
export function albumPage(
  album: SharedAlbumView,
  viewUrl: (photoId: string, ticketQuery: string) => string,
  card: LinkCard | undefined,
  moreUrl: string | null,
): string {
  const tiles = album.items
    .map((photo, index) => {
      const ticketQuery = new URL(photo.urls.thumbnail).search;
      const size = photo.width && photo.height ? ` width="${photo.width}" height="${photo.height}"` : '';
      return `<li id="photo-${escape(photo.photoId)}"><a href="${escape(viewUrl(photo.photoId, ticketQuery))}"><img src="${escape(photo.urls.thumbnail)}" alt="Photo ${index + 1}"${size} loading="lazy"></a></li>`;
    })
    .join('');
  const next = moreUrl ? `<p><a href="${escape(moreUrl)}">More photos</a></p>` : '';
  const empty = album.items.length === 0 ? '<p>No photos here yet.</p>' : '';
  return htmlPage({
    title: album.title,
    card,
    body: `<h1>${escape(album.title)}</h1>${album.description ? `<p>${escape(album.description)}</p>` : ''}<p class="muted">${album.photoCount} photo${album.photoCount === 1 ? '' : 's'} · shared by photoshare · link expires ${readableDate(album.expiresAt)}</p>${empty}<ul class="grid">${tiles}</ul>${next}`,
  });
}
