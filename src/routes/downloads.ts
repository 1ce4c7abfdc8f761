import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { ZipEntryNames, zipFilename } from '../domain/download.js';
import { notFound } from '../domain/errors.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { attachment } from '../http/content-disposition.js';
import type { DownloadsInFlight } from '../http/downloads-in-flight.js';
import { zipStream, type ZipSource } from '../http/zip-stream.js';
import type { Clock } from '../ports/clock.js';
import { errors } from '../schemas/common.js';
import { DownloadBytes, DownloadLink, DownloadParams, DownloadRequest } from '../schemas/download.js';
import type { DownloadService, OpenedOriginal } from '../services/download-service.js';

export interface DownloadRouteDeps {
  auth: RequestAuthenticator;
  downloads: DownloadService;
  inFlight: DownloadsInFlight;
  clock: Clock;
}

/** A photo id list is at most 500 ids of at most 64 characters. */
const DOWNLOAD_BODY_LIMIT = 64 * 1024;

/** POST /downloads (signed in) makes a short-lived URL; GET /downloads/:ticket (no header needed) serves it. */
export const downloadRoutes: FastifyPluginAsyncTypebox<DownloadRouteDeps> = async (app, { auth, downloads, inFlight, clock }) => {
  const tokenRoutes: FastifyPluginAsyncTypebox = async (signedIn) => {
    requireUser(signedIn, auth);
    signedIn.post(
      '/downloads',
      {
        config: { scope: 'photos:read' },
        bodyLimit: DOWNLOAD_BODY_LIMIT,
        schema: {
          summary: 'Download several photos: a URL that serves their originals as one zip',
          description:
            'Every photo must be yours and in your library, else nothing is made (404). The URL (a path on this server) works for 5 minutes without an Authorization header, so a browser can navigate to it. The originals are as uploaded: their EXIF, GPS position included, is kept.',
          body: DownloadRequest,
          response: { 201: DownloadLink, ...errors(400, 401, 404, 408) },
        },
      },
      async (request, reply) => {
        const { url, expiresAt } = await downloads.create(request.userId, request.body.photoIds);
        return reply.status(201).header('cache-control', 'no-store').send({ url, expiresAt: expiresAt.toISOString() });
      },
    );
  };
  await app.register(tokenRoutes);

  app.get(
    '/downloads/:ticket',
    {
      // Heavy and anonymous (the ticket is the permission): the share links' per-address limit.
      config: { throttle: 'share' },
      // A HEAD would read every original to send nothing.
      exposeHeadRoute: false,
      schema: {
        summary: 'The photos of a download URL (from POST /downloads)',
        description:
          'One photo: its original, as an attachment under its file name. Several: `photoshare-<YYYY-MM-DD>.zip`, streamed, its entries stored (not deflated), names made unique (`a.jpg`, `a (2).jpg`); a photo trashed or deleted since is left out. A wrong or expired ticket, or one whose account is being deleted, is a 404. The originals keep their EXIF, GPS position included.',
        params: DownloadParams,
        response: { 200: DownloadBytes, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const { userId, photos, asZip } = await downloads.open(request.params.ticket);
      const release = inFlight.acquire(userId);
      reply.raw.once('close', release);
      reply.header('cache-control', 'private, no-store').header('content-security-policy', "default-src 'none'; sandbox");
      const [first] = photos;
      if (!asZip && first) {
        const original = await downloads.original(first);
        if (!original) {
          release();
          throw notFound('Photo');
        }
        return reply
          .header('content-type', original.photo.contentType)
          .header('content-length', original.size)
          .header('content-disposition', attachment(original.photo.filename))
          .send(bytes(original.body));
      }
      // The first original is opened before answering, so that a download with none left is a 404, not an empty zip.
      const originals = downloads.originals(photos);
      const opened = await originals.next();
      if (opened.done) {
        release();
        throw notFound('Photo');
      }
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment(zipFilename(clock.now())))
        .send(bytes(zipStream(entries(opened.value, originals))));
    },
  );
};

/** Each original, the first one already opened, as a zip entry under a name unique within the zip. */
async function* entries(first: OpenedOriginal, rest: AsyncIterable<OpenedOriginal>): AsyncGenerator<ZipSource> {
  const names = new ZipEntryNames();
  const entry = ({ photo, body, size }: OpenedOriginal): ZipSource => ({
    name: names.next(photo.filename),
    body,
    size,
    mtime: new Date(photo.createdAt),
  });
  yield entry(first);
  for await (const original of rest) yield entry(original);
}

/** A stream as the body of a response whose schema describes bytes (which the type provider does not type). */
const bytes = (stream: Readable) => stream as never;
