import { Type, type Static } from 'typebox';
import { MAX_DESCRIPTION, MAX_TAG_LENGTH, MAX_TAGS, MAX_TITLE } from '../domain/photo.js';
import { MAX_SEARCH_WORDS } from '../domain/search.js';
import { Id, Nullable, StringEnum } from './common.js';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

const Label = Type.Object({ name: Type.String(), confidence: Type.Number({ description: '0–100' }) });

export const Photo = Type.Object(
  {
    photoId: Type.String(),
    status: StringEnum(['processing', 'ready', 'failed']),
    filename: Type.String(),
    contentType: Type.String({ description: 'Decided from the file’s bytes, not its name' }),
    size: Type.Integer({ description: 'Bytes of the original' }),
    sha256: Type.String({ description: 'Of the original, hex' }),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    takenAt: Nullable(Type.String({ description: 'From EXIF, with its offset when the camera wrote one' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    title: Type.String(),
    description: Type.String(),
    tags: Type.Array(Type.String()),
    favorite: Type.Boolean({ description: 'Marked as a favourite by its owner' }),
    labels: Type.Array(Label),
    camera: Nullable(Type.Object({ make: Nullable(Type.String()), model: Nullable(Type.String()) })),
    thumbhash: Nullable(
      Type.String({
        description: 'A ThumbHash (base64) to paint a blurred placeholder until the thumbnail loads; null until ready',
      }),
    ),
    urls: Nullable(
      Type.Object(
        { thumbnail: Type.String(), preview: Type.String() },
        { description: 'Signed, short-lived; present once the photo is ready' },
      ),
    ),
    error: Type.Optional(Type.String({ description: 'Why a failed photo failed' })),
  },
  { $id: 'Photo' },
);
export type PhotoView = Static<typeof Photo>;

export const PhotoPage = Type.Object({
  items: Type.Array(Type.Unsafe<PhotoView>({ $ref: 'Photo#' })),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null at the end' })),
});

export const PhotoListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH })),
    favorite: Type.Optional(Type.Boolean({ description: '`true`: only your favourites' })),
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: `Words (at most ${MAX_SEARCH_WORDS}) that must each appear in the title, description, filename, tags, labels or camera; locally a word matches the start of a word, in aws mode any part of the text`,
      }),
    ),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A label’s name, any case' })),
    camera: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The camera’s make or model, any case' })),
    from: Type.Optional(DateOrDateTime('Taken (else uploaded) on or after: a date (UTC day) or a date-time')),
    albumId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Only photos in this album of yours' })),
    to: Type.Optional(DateOrDateTime('Taken (else uploaded) on or before this date (UTC day), or before this date-time')),
    order: Type.Optional(
      StringEnum(['uploaded', 'taken'], {
        description:
          '`uploaded` (default): newest uploaded first. `taken`: newest taken first (the EXIF date, else the upload time), ties by photo id. Works with every filter. A cursor continues only the order it came from (400 `invalid_cursor` otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);

function DateOrDateTime(description: string) {
  return Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
    description,
  });
}

export const PhotoParams = Type.Object({ photoId: Id });

// The string first: Fastify's Ajv coerces scalars to arrays, so with the array first a comma-separated string became one tag.
const Tags = Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: MAX_TAGS * 4 })], {
  description: `An array, or one string; commas separate tags in either; at most ${MAX_TAGS} tags of ${MAX_TAG_LENGTH} characters`,
});

export const PhotoEdit = Type.Object(
  {
    title: Type.Optional(Type.String({ description: `At most ${MAX_TITLE} characters` })),
    description: Type.Optional(Type.String({ description: `At most ${MAX_DESCRIPTION} characters` })),
    tags: Type.Optional(Tags),
    favorite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const OriginalUrl = Type.Object({
  url: Type.String({ description: 'Downloads the original as uploaded' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const DuplicatePhoto = Type.Object(
  {
    error: Type.Object({ code: Type.Literal('duplicate'), message: Type.String() }),
    photoId: Type.String({ description: 'The photo you already have with these bytes' }),
  },
  {
    $id: 'DuplicatePhoto',
    description: 'The error envelope of a duplicate upload, with the id of the photo you already have with these bytes',
  },
);

const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 of the file, hex' });

export const ExistingCheck = Type.Object(
  { sha256: Type.Array(Sha256, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const ExistingPhotos = Type.Object({
  existing: Type.Array(Type.Object({ sha256: Type.String(), photoId: Type.String() }), {
    description: 'Those of the hashes asked about that your photos have; the others are new',
  }),
});
