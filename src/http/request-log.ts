import { newId } from '../domain/ids.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A client's x-request-id is kept when it is plain and short; otherwise a new one is made. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId();
}

/** Paths can carry secrets (share tokens, URL signatures): logs get neither. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/s\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]*/, '/s/$1…');
}
