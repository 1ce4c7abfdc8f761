import type { FastifyRequest } from 'fastify';

/**
 * The frame of every page the server draws itself (share links, refusals, "page not found"): no script, one inline
 * style, light and dark (prefers-color-scheme), readable from a phone to a wide screen.
 */

/** Whether the caller is a browser asking for a page (API clients send JSON or nothing in Accept). */
export const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/** What a server-drawn page may load: its inline style, and images (the favicon too) from this origin or `imageSources`. */
export const pagePolicy = (imageSources = "'self'") =>
  `default-src 'none'; img-src ${imageSources}; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const STYLE = [
  ':root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--accent:#0b57d0;--on-accent:#fff;--line:#d1d9e0;--error:#b00020}',
  '@media (prefers-color-scheme:dark){:root{--bg:#111316;--fg:#e6e8eb;--muted:#9aa3ad;--accent:#8ab4f8;--on-accent:#0b1a33;--line:#30363d;--error:#ffb4ab}}',
  '*{box-sizing:border-box}',
  'body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
  'main{max-width:60rem;margin:0 auto;padding:1rem}',
  'main.message{margin-top:12vh}',
  'h1{font-size:1.4rem;line-height:1.3;margin:.25rem 0 .5rem;overflow-wrap:anywhere}',
  'a{color:var(--accent)}',
  '.muted{color:var(--muted);font-size:.9rem}',
  '.button{display:inline-block;padding:.45rem 1rem;border-radius:.5rem;background:var(--accent);color:var(--on-accent);text-decoration:none;font-weight:600}',
  'nav.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:center;margin:.5rem 0}',
  'input,button{font:inherit;padding:.4rem .6rem}',
  'button.button{border:0;cursor:pointer}',
  'p.error{color:var(--error)}',
  // A photo page: the title, the image fitting what is left of the window, then who shared it and until when.
  'main.viewer{max-width:none;height:100vh;height:100dvh;display:flex;flex-direction:column;gap:.5rem;padding:.75rem 1rem;text-align:center}',
  'main.viewer h1{margin:0}',
  // The image keeps its aspect: centred in the space left, as large as fits, never stretched.
  '.frame{flex:1 1 auto;min-height:0;position:relative}',
  '.frame img{position:absolute;inset:0;margin:auto;max-width:100%;max-height:100%;width:auto;height:auto;border-radius:4px}',
  'footer.meta{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:center;align-items:center}',
  'footer.meta p,nav.bar{margin:0}',
  // An album page: square tiles, as many columns as fit.
  'ul.grid{list-style:none;padding:0;margin:1rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(30vw,160px),1fr));gap:4px}',
  'ul.grid a{display:block}',
  'ul.grid img{display:block;width:100%;height:auto;aspect-ratio:1;object-fit:cover;background:var(--line)}',
].join('');

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Open Graph / Twitter card tags for a link pasted into a chat; no image: a card with the title alone. */
export interface LinkCard {
  title: string;
  description?: string;
  image?: { url: string; width: number; height: number; alt: string } | undefined;
}

function cardTags(card: LinkCard): string {
  const meta = (attribute: 'property' | 'name', key: string, value: string | number) =>
    `<meta ${attribute}="${key}" content="${escapeHtml(String(value))}">`;
  const tags = [
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', 'photoshare'),
    meta('property', 'og:title', card.title),
    ...(card.description ? [meta('property', 'og:description', card.description)] : []),
    meta('name', 'twitter:card', card.image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', card.title),
  ];
  if (card.image) {
    tags.push(
      meta('property', 'og:image', card.image.url),
      meta('property', 'og:image:width', card.image.width),
      meta('property', 'og:image:height', card.image.height),
      meta('property', 'og:image:alt', card.image.alt),
      meta('name', 'twitter:image', card.image.url),
    );
  }
  return tags.join('');
}

export interface PageOptions {
  /** The whole `<title>` (already plain text; escaped here). */
  title: string;
  /** The body, already escaped HTML. */
  body: string;
  /** `main`'s class: `message` (a short notice), `viewer` (one photo), none (an album). */
  layout?: 'message' | 'viewer';
  card?: LinkCard | undefined;
  /** Extra head elements, already HTML (a refresh). */
  head?: string;
}

export function htmlPage(options: PageOptions): string {
  const head = `${options.head ?? ''}${options.card ? cardTags(options.card) : ''}`;
  const layout = options.layout ? ` class="${options.layout}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark"><link rel="icon" href="/favicon.svg" type="image/svg+xml">${head}<title>${escapeHtml(options.title)}</title><style>${STYLE}</style></head><body><main${layout}>${options.body}</main></body></html>`;
}

/** A date as people read it, in UTC (the page has no script to know the visitor's zone), with the exact time kept. */
export function readableDate(iso: string): string {
  const date = new Date(iso);
  const text = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`;
}
