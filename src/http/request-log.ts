import { newId } from '../domain/ids.js';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Request ids are ours, unique by construction; a client's own x-request-id is only a field of the log. */
export const newRequestId = (): string => newId();

/** A client's x-request-id when it is plain and short enough to log, else null. */
export function clientRequestIdOf(given: string | string[] | undefined): string | null {
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : null;
}

/** The client went away mid-request: nothing is wrong on our side. */
export function isClientAbort(err: { code?: string; message?: string }, rawAborted: boolean): boolean {
  return rawAborted || err.code === 'ECONNRESET' || err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.message === 'aborted';
}

/** Paths can carry secrets (share tokens, URL signatures): logs get neither. */
export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/s\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]*/, '/s/$1…');
}
