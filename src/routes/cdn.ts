import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError, notFound } from '../domain/errors.js';
import { SNIFF_BYTES, sniffImageType } from '../domain/image-type.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { SignedUrlVerifier } from '../ports/url-signer.js';
import type { Clock } from '../ports/clock.js';
import { sendBlob } from '../http/send-blob.js';
import { ImageBytes, errors } from '../schemas/common.js';
import type { TrashService } from '../services/trash-service.js';

export interface CdnDeps {
  blobs: BlobStore;
  /** Whether a photo's blob may still be served: not once it is trashed, but for its owner's trash view. */
  trash: TrashService;
  verifier: SignedUrlVerifier;
  publicUrl: string;
  clock: Clock;
}

async function contentTypeOf(blobs: BlobStore, key: string): Promise<string> {
  if (key.endsWith('.jpg')) return 'image/jpeg';
  const head = await blobs.get(key, { start: 0, end: SNIFF_BYTES - 1 });
  if (!head) throw notFound('Image');
  const chunks: Buffer[] = [];
  for await (const chunk of head.body) chunks.push(chunk as Buffer);
  return sniffImageType(Buffer.concat(chunks)) ?? 'application/octet-stream';
}

/** The local stand-in for CloudFront: serves a blob only for a valid, unexpired signed URL. */
export const cdnRoutes: FastifyPluginAsyncTypebox<CdnDeps> = async (app, deps) => {
  const schema = {
    summary: 'A signed image URL (local mode plays the CDN)',
    description: 'Serves the blob a CloudFront-format signed URL grants, until it expires.',
    response: { 200: ImageBytes, ...errors(403, 404) },
  };
  // Signed URLs are the CDN's: not throttled per caller, as CloudFront does not throttle them.
  app.get('/cdn/*', { schema, config: { rateLimit: false } }, async (request, reply) => {
    const url = new URL(request.url, deps.publicUrl);
    const now = deps.clock.now();
    const verdict = deps.verifier.verify(url, now);
    if ('refused' in verdict) {
      throw new AppError(
        403,
        verdict.refused === 'expired' ? 'url_expired' : 'invalid_signature',
        verdict.refused === 'expired' ? 'This signed URL has expired' : 'This URL is not signed, or its signature does not match',
      );
    }
    if (!(await deps.trash.serves(verdict.key, verdict.view === 'trash'))) throw notFound('Image');
    const expires = Number(url.searchParams.get('Expires'));
    const maxAge = Math.max(0, Math.floor(expires - now.getTime() / 1000));
    return sendBlob(request, reply, deps.blobs, {
      key: verdict.key,
      contentType: await contentTypeOf(deps.blobs, verdict.key),
      etag: null,
      cacheControl: `private, max-age=${maxAge}, immutable`,
      embeddableBy: 'cross-origin',
    });
  });
};
