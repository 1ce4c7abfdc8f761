import { thumbHashToDataURL } from 'thumbhash';

const placeholders = new Map<string, string>();

/** The photo's ThumbHash as an image (a few hundred bytes of PNG), made once per hash. */
export function placeholderOf(thumbhash: string): string {
  let url = placeholders.get(thumbhash);
  if (!url) {
    url = thumbHashToDataURL(Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0)));
    placeholders.set(thumbhash, url);
  }
  return url;
}
