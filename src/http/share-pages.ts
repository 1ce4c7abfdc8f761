import type { SharedAlbumView } from '../schemas/share.js';

/** The HTML a browser gets from a share link that serves no image: a refusal, or the password form. */

const PAGES = {
  403: ['Download not allowed', 'The person who shared this photo did not allow downloads.'],
  404: ['Link not found', 'This link does not exist. Check that it was copied completely.'],
  410: ['Link no longer available', 'This link has expired, was revoked, or has been opened as often as it may be.'],
  503: ['Almost there', 'The full-size photo is being prepared. This page will try again in a few seconds.'],
} as const;

export type RefusalStatus = keyof typeof PAGES;

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}input,button{font:inherit;padding:.4rem .6rem}p.error{color:#b00020}';

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title} · photoshare</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function refusalPage(status: RefusalStatus, retryAfterSeconds?: number): string {
  const [title, text] = PAGES[status];
  const refresh = retryAfterSeconds ? `<meta http-equiv="refresh" content="${retryAfterSeconds}">` : '';
  return page(title, `<h1>${title}</h1><p>${text}</p>`, refresh);
}

/**
 * The form for a link with a password. It says nothing of what the link shows (no title, no image, no album name)
 * and posts the password in the body, never the URL.
 */
export function passwordPage(linkPath: string, error?: string): string {
  const message = error ? `<p class="error" role="alert">${escape(error)}</p>` : '';
  return page(
    'Password required',
    `<h1>This link is protected</h1><p>Enter the password you were given with the link.</p>${message}<form method="post" action="${escape(linkPath)}/unlock"><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="off" required autofocus> <button type="submit">Open</button></form>`,
  );
}

/** An album link's page: its title, description and a grid of thumbnails opening the previews, page by page. */
export function albumPage(album: SharedAlbumView): string {
  const tiles = album.items
    .map((photo) => {
      const size =
        photo.width && photo.height
          ? ` width="${Math.round((photo.width / Math.max(photo.width, photo.height)) * 200)}" height="${Math.round((photo.height / Math.max(photo.width, photo.height)) * 200)}"`
          : '';
      const download = photo.urls.download ? ` <a href="${escape(photo.urls.download)}">Download</a>` : '';
      return `<li><a href="${escape(photo.urls.preview)}"><img src="${escape(photo.urls.thumbnail)}" alt=""${size} loading="lazy"></a>${download}</li>`;
    })
    .join('');
  const next = album.nextCursor ? `<p><a href="?cursor=${encodeURIComponent(album.nextCursor)}">More photos</a></p>` : '';
  const empty = album.items.length === 0 ? '<p>No photos here yet.</p>' : '';
  return page(
    escape(album.title),
    `<h1>${escape(album.title)}</h1>${album.description ? `<p>${escape(album.description)}</p>` : ''}<p>${album.photoCount} photo${album.photoCount === 1 ? '' : 's'}</p>${empty}<ul style="list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px">${tiles}</ul>${next}`,
  );
}
