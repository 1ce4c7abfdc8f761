import { Type } from 'typebox';
import { DOWNLOAD_TICKET_SECONDS, MAX_DOWNLOAD_PHOTOS } from '../domain/download.js';
import { Id } from './common.js';

export const DownloadRequest = Type.Object(
  {
    photoIds: Type.Array(Id, {
      minItems: 1,
      maxItems: MAX_DOWNLOAD_PHOTOS,
      description: `1 to ${MAX_DOWNLOAD_PHOTOS} of your photos in the library (not in the trash)`,
    }),
  },
  { additionalProperties: false },
);

export const DownloadLink = Type.Object({
  url: Type.String({
    description: `A path on this server (\`/downloads/<ticket>\`) that downloads the photos without an Authorization header, for ${DOWNLOAD_TICKET_SECONDS / 60} minutes`,
  }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const DownloadParams = Type.Object({ ticket: Type.String({ minLength: 1, maxLength: 64 }) });

/** The bytes of a download: one original as uploaded, or a zip of several. */
export const DownloadBytes = {
  description: 'One photo: its original as uploaded. Several: a zip (entries stored) of their originals',
  content: {
    'application/zip': { schema: { type: 'string', format: 'binary' } },
    'image/*': { schema: { type: 'string', format: 'binary' } },
  },
} as const;
