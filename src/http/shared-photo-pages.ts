import { escapeHtml as escape, htmlPage, readableDate, type LinkCard } from './html-page.js';

/** The pages of one photo seen through a link: a photo link's page, or a photo within an album link. */

export interface ShownImage {
  /** Where the page loads it from (a path on this origin, with the link's ticket). */
  src: string;
  width: number;
  height: number;
}

export interface SharedPhotoView {
  /** The photo's own title; empty: none (the page says "A photo shared with you", never the link's token). */
  title: string;
  image: ShownImage;
  expiresAt: string;
  /** The full-size photo as a file, when the link allows it. */
  downloadUrl: string | null;
  card?: LinkCard | undefined;
}

export const UNTITLED_PHOTO = 'A photo shared with you';
export const UNTITLED_ALBUM = 'An album shared with you';

/**
 * The download is a plain link (no `download` attribute): the file comes as an attachment, and while the full-size
 * copy is still being made the browser shows the "Almost there" page, which tries again by itself.
 */
function footer(expiresAt: string, downloadUrl: string | null): string {
  const download = downloadUrl ? `<a class="button" href="${escape(downloadUrl)}">Download</a>` : '';
  return `<footer class="meta"><p class="muted">Shared by photoshare · link expires ${readableDate(expiresAt)}</p>${download}</footer>`;
}

const image = (shown: ShownImage, alt: string) =>
  `<div class="frame"><img src="${escape(shown.src)}" width="${shown.width}" height="${shown.height}" alt="${escape(alt)}"></div>`;

/** A photo link opened in a browser: its title, the image fitting the window, who shared it and until when. */
export function sharedPhotoPage(view: SharedPhotoView): string {
  const title = view.title || UNTITLED_PHOTO;
  return htmlPage({
    title,
    layout: 'viewer',
    card: view.card,
    body: `<h1>${escape(title)}</h1>${image(view.image, title)}${footer(view.expiresAt, view.downloadUrl)}`,
  });
}

export interface AlbumPhotoView extends SharedPhotoView {
  albumTitle: string;
  /** The album page this photo was opened from. */
  backUrl: string;
  previousUrl: string | null;
  nextUrl: string | null;
}

/** One photo of an album link, larger, with Previous / Next / Back to album as plain links (the page has no script). */
export function albumPhotoPage(view: AlbumPhotoView): string {
  const title = view.title || `Photo in ${view.albumTitle}`;
  const link = (url: string | null, text: string, rel: string) =>
    url ? `<a href="${escape(url)}" rel="${rel}">${text}</a>` : `<span class="muted" aria-hidden="true">${text}</span>`;
  const nav = `<nav class="bar" aria-label="Album">${link(view.previousUrl, '← Previous', 'prev')}<a href="${escape(view.backUrl)}">Back to album</a>${link(view.nextUrl, 'Next →', 'next')}</nav>`;
  return htmlPage({
    title: `${title} · ${view.albumTitle}`,
    layout: 'viewer',
    body: `<h1>${escape(title)}</h1>${nav}${image(view.image, title)}${footer(view.expiresAt, view.downloadUrl)}`,
  });
}

/**
 * What a chat's link-preview crawler gets from a link limited to `maxViews`: a card that names no photo, shows no
 * image and is not counted as a visit, so pasting the link into a chat uses up none of the visitor's views.
 */
export function linkCardPage(kind: 'photo' | 'album'): string {
  const title = kind === 'photo' ? UNTITLED_PHOTO : UNTITLED_ALBUM;
  return htmlPage({
    title,
    layout: 'message',
    card: { title, description: 'Open the link to see it.' },
    body: `<h1>${title}</h1><p>Open the link in your browser to see it.</p>`,
  });
}
