import { ApiError } from './api.js';

/** Why an upload ended without a photo, in words, and whether sending the same file again may work. */
export interface Failure {
  kind: 'unreachable' | 'dropped' | 'rejected' | 'server' | 'cancelled';
  message: string;
  retryable: boolean;
}

/**
 * What an upload's error means. `started`: some of the file's bytes had left the browser, which is how a
 * connection that dropped midway is told from a service that was never reached (both are a bare network error).
 */
export function failureOf(err: unknown, started: boolean): Failure {
  if (!(err instanceof ApiError) || err.status === 0) {
    if (err instanceof ApiError && err.code === 'cancelled') return { kind: 'cancelled', message: 'Cancelled', retryable: true };
    return started
      ? { kind: 'dropped', message: 'The connection dropped during the upload.', retryable: true }
      : { kind: 'unreachable', message: 'Could not reach the service: check the connection.', retryable: true };
  }
  if (err.status >= 500)
    return { kind: 'server', message: `The service failed (${err.status}): ${err.message}`, retryable: true };
  if (err.status === 429) return { kind: 'server', message: `Too many requests: ${err.message}`, retryable: true };
  return { kind: 'rejected', message: `Refused by the server: ${err.message}`, retryable: false };
}
