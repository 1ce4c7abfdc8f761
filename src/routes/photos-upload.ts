import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, payloadTooLarge } from '../domain/errors.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import type { PhotoPresenter } from '../http/photo-presenter.js';
import type { UploadsInFlight } from '../http/uploads-in-flight.js';
import { Ref, errors } from '../schemas/common.js';
import { DuplicatePhoto, Photo } from '../schemas/photo.js';
import type { PendingUpload, PhotoService, ReceivedOriginal, UploadFields } from '../services/photo-service.js';

export interface UploadDeps {
  auth: RequestAuthenticator;
  photos: PhotoService;
  presenter: PhotoPresenter;
  maxUploadBytes: number;
  inFlight: UploadsInFlight;
}

const TEXT_FIELDS = new Set(['title', 'description', 'tags']);

/** Errors raised by the multipart parser itself (a body that is not well-formed multipart). */
function isParserError(err: unknown): boolean {
  return (
    err instanceof Error &&
    !(err instanceof AppError) &&
    !('code' in err && typeof err.code === 'string' && err.code.startsWith('E'))
  );
}

export const uploadRoutes: FastifyPluginAsyncTypebox<UploadDeps> = async (app, deps) => {
  requireUser(app, deps.auth);
  const tooLarge = () => payloadTooLarge(`The photo is larger than the ${deps.maxUploadBytes} byte limit`);

  /** What a file over `limit` bytes is told: too large for any upload (413), or for what is left of the quota (403). */
  const limitFor = (room: number | null) =>
    room !== null && room < deps.maxUploadBytes
      ? { bytes: room, refusal: () => deps.photos.overQuota() }
      : { bytes: deps.maxUploadBytes, refusal: tooLarge };

  async function receiveFile(part: MultipartFile, upload: PendingUpload, limit: ReturnType<typeof limitFor>) {
    const overLimit = new AbortController();
    part.file.on('limit', () => {
      overLimit.abort(limit.refusal());
    });
    const received = await deps.photos.receiveOriginal(upload, part.file, overLimit.signal);
    if (part.file.truncated) throw limit.refusal();
    return received;
  }

  async function readParts(request: FastifyRequest, upload: PendingUpload, room: number | null) {
    const fields: Record<string, string> = {};
    let original: ReceivedOriginal | null = null;
    let filename: string | undefined;
    const limit = limitFor(room);
    const parts = request.parts({ limits: { fileSize: limit.bytes, files: 1, fields: 10, fieldSize: 16 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw badRequest(`Unexpected file field "${part.fieldname}"; send the photo as "file"`);
        filename = part.filename;
        original = await receiveFile(part, upload, limit);
      } else if (TEXT_FIELDS.has(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      }
    }
    return { fields: { ...fields, filename } satisfies UploadFields, original };
  }

  app.post(
    '/photos',
    {
      config: { scope: 'photos:write' },
      schema: {
        summary: 'Upload a photo',
        description:
          'multipart/form-data with the image in the field `file` (JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF, decided from its bytes) and optional `title`, `description` and `tags` (comma-separated). Answers at once with the photo `processing`; poll it until `ready` or `failed`. The same bytes as a photo you have (SHA-256) answer 409 `duplicate` with its `photoId`; `POST /photos/check` asks before sending. A photo that would take your library past its quota (`GET /me`) answers 403 `quota_exceeded`, from the Content-Length when it already says so.',
        consumes: ['multipart/form-data'],
        response: { 201: Ref(Photo), ...errors(400, 401, 403, 408, 413, 415, 429), 409: Ref(DuplicatePhoto) },
      },
    },
    async (request, reply) => {
      const release = deps.inFlight.acquire(request.userId);
      try {
        return await receiveUpload(request, reply);
      } finally {
        release();
      }
    },
  );

  async function receiveUpload(request: FastifyRequest, reply: FastifyReply) {
    if (!request.isMultipart()) {
      throw badRequest('Send the photo as multipart/form-data with the file in the field "file"', 'multipart_required');
    }
    // Refused from its Content-Length when that already passes the quota: nothing is read or stored.
    const declared = Number(request.headers['content-length']);
    const room = await deps.photos.roomFor(request.userId, Number.isFinite(declared) ? declared : undefined);
    const upload = deps.photos.startUpload(request.userId);
    let received: Awaited<ReturnType<typeof readParts>>;
    try {
      received = await readParts(request, upload, room);
    } catch (err) {
      await deps.photos.discardUpload(upload);
      if ((err as { code?: string }).code === 'FST_FILES_LIMIT') {
        throw new AppError(413, 'too_many_files', 'Send one photo per upload: this request has more than one file');
      }
      if ((err as { statusCode?: number }).statusCode === 413) throw limitFor(room).refusal();
      if (isParserError(err) && !(err as { statusCode?: number }).statusCode) {
        throw badRequest(`The multipart body is malformed: ${(err as Error).message}`, 'malformed_multipart');
      }
      throw err;
    }
    if (!received.original) throw badRequest('No file: send the photo in the multipart field "file"', 'file_required');
    const photo = await deps.photos.completeUpload(upload, received.original, received.fields);
    return reply.status(201).header('location', `/photos/${photo.photoId}`).send(deps.presenter.present(photo));
  }
};
