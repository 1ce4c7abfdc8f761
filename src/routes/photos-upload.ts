import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError, badRequest, payloadTooLarge } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { cleanDescription, cleanFilename, cleanTags, cleanTitle, originalKey, type Photo } from '../domain/photo.js';
import type { Auth } from '../ports/auth.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { PhotoRepo } from '../ports/photo-repo.js';
import type { UrlSigner } from '../ports/url-signer.js';
import { requireUser } from './authenticate.js';
import { presentPhoto } from './photo-presenter.js';
import { UploadInspector } from './upload-inspector.js';

export interface UploadDeps {
  auth: Auth;
  blobs: BlobStore;
  photos: PhotoRepo;
  signer: UrlSigner;
  maxUploadBytes: number;
  signedUrlSeconds: number;
}

interface Received {
  filename: string;
  type: Photo['contentType'];
  size: number;
  sha256: string;
}

const TEXT_FIELDS = new Set(['title', 'description', 'tags']);

/** Errors raised by the multipart parser itself (a body that is not well-formed multipart). */
function isParserError(err: unknown): boolean {
  return err instanceof Error && !(err instanceof AppError) && !('code' in err && typeof err.code === 'string' && err.code.startsWith('E'));
}

export const uploadRoutes: FastifyPluginAsync<UploadDeps> = async (app, deps) => {
  requireUser(app, deps.auth);
  const tooLarge = () => payloadTooLarge(`The photo is larger than the ${deps.maxUploadBytes} byte limit`);

  /** Streams the one file part to the blob store; returns what was learnt on the way. */
  async function receiveFile(part: MultipartFile, key: string): Promise<Received> {
    const inspector = new UploadInspector();
    part.file.on('error', (err) => inspector.destroy(err));
    part.file.on('limit', () => inspector.destroy(tooLarge()));
    await deps.blobs.put(key, part.file.pipe(inspector), 'application/octet-stream');
    if (part.file.truncated) throw tooLarge();
    return { filename: cleanFilename(part.filename), type: inspector.type!, size: inspector.size, sha256: inspector.digestHex() };
  }

  async function readParts(request: FastifyRequest, key: string) {
    const fields: Record<string, string> = {};
    let file: Received | null = null;
    const parts = request.parts({ limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 10, fieldSize: 16 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw badRequest(`Unexpected file field "${part.fieldname}"; send the photo as "file"`);
        file = await receiveFile(part, key);
      } else if (TEXT_FIELDS.has(part.fieldname)) {
        fields[part.fieldname] = String((part as MultipartValue).value);
      }
    }
    return { fields, file };
  }

  app.post('/photos', async (request, reply) => {
    if (!request.isMultipart()) {
      throw badRequest('Send the photo as multipart/form-data with the file in the field "file"', 'multipart_required');
    }
    const photoId = newId();
    const key = originalKey(request.userId, photoId);
    let received: Awaited<ReturnType<typeof readParts>>;
    try {
      received = await readParts(request, key);
    } catch (err) {
      await deps.blobs.delete(key);
      if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge();
      if (isParserError(err) && !(err as { statusCode?: number }).statusCode) {
        throw badRequest(`The multipart body is malformed: ${(err as Error).message}`, 'malformed_multipart');
      }
      throw err;
    }
    const { fields, file } = received;
    if (!file) throw badRequest('No file: send the photo in the multipart field "file"', 'file_required');

    const now = new Date().toISOString();
    let photo: Photo;
    try {
      photo = {
        photoId,
        userId: request.userId,
        status: 'processing',
        filename: file.filename,
        contentType: file.type,
        size: file.size,
        sha256: file.sha256,
        originalKey: key,
        width: null,
        height: null,
        takenAt: null,
        createdAt: now,
        updatedAt: now,
        title: cleanTitle(fields.title ?? ''),
        description: cleanDescription(fields.description ?? ''),
        tags: cleanTags(fields.tags ?? ''),
        labels: [],
        moderation: [],
        camera: null,
        variants: {},
        error: null,
      };
      await deps.photos.create(photo);
    } catch (err) {
      await deps.blobs.delete(key);
      throw err;
    }
    return reply
      .status(201)
      .header('location', `/photos/${photoId}`)
      .send(presentPhoto(photo, deps.signer, deps.signedUrlSeconds));
  });
};
