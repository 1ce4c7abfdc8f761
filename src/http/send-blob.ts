import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../domain/errors.js';
import type { BlobStore } from '../ports/blob-store.js';

export interface BlobResponse {
  key: string;
  contentType: string;
  etag: string | null;
  cacheControl: string;
  /**
   * Which pages may embed it: `same-site` by default; `cross-origin` for signed CDN URLs, as CloudFront serves them
   * (the signature is the permission, and the page may be on another name for this host than the URL).
   */
  embeddableBy?: 'same-site' | 'cross-origin';
}

/** Whether an If-None-Match header names this ETag (then the answer is 304). */
export const etagMatches = (header: string | undefined, etag: string) =>
  !!header && header.split(',').some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}` || tag.trim() === '*');

/** Streams a blob with validators; a matching If-None-Match is answered 304 without opening it. */
export async function sendBlob(request: FastifyRequest, reply: FastifyReply, blobs: BlobStore, blob: BlobResponse) {
  reply
    .header('cache-control', blob.cacheControl)
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
    .header('cross-origin-resource-policy', blob.embeddableBy ?? 'same-site');
  if (blob.etag) {
    reply.header('etag', blob.etag);
    if (etagMatches(request.headers['if-none-match'], blob.etag)) return reply.status(304).send();
  }
  const found = await blobs.get(blob.key);
  if (!found) throw notFound('Image');
  return reply.header('content-type', blob.contentType).header('content-length', found.size).send(found.body);
}
