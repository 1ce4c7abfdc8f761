import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';
import { DEFAULT_PAGE, MAX_PAGE, Photo } from './photo.js';

/** A photo in the owner's trash: the photo as the library shows it, with when it was trashed and will be purged. */
export const TrashedPhoto = Type.Object(
  {
    ...Photo.properties,
    trashedAt: Type.String({ format: 'date-time', description: 'When it was moved to the trash' }),
    purgeAt: Type.String({ format: 'date-time', description: 'When it will be deleted for good (TRASH_DAYS later)' }),
  },
  { $id: 'TrashedPhoto' },
);
export type TrashedPhotoView = Static<typeof TrashedPhoto>;

export const TrashPage = Type.Object({
  items: Type.Array(Type.Unsafe<TrashedPhotoView>({ $ref: 'TrashedPhoto#' })),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null at the end' })),
});

export const TrashListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);

export const TrashEmptied = Type.Object({
  purged: Type.Integer({ description: 'Photos purged by this call' }),
  more: Type.Literal(true, { description: 'Photos are left in the trash: call again' }),
});
