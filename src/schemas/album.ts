import { Type, type Static } from 'typebox';
import {
  MAX_ALBUM_DESCRIPTION,
  MAX_ALBUM_TITLE,
  MAX_ALBUMS_PER_USER,
  MAX_PHOTOS_PER_ALBUM,
  MAX_PHOTOS_PER_CHANGE,
} from '../domain/album.js';
import { Id, Nullable } from './common.js';
import { DEFAULT_PAGE, MAX_PAGE } from './photo.js';

export const DEFAULT_ALBUM_PAGE = 50;
export const MAX_ALBUM_PAGE = 100;

export const Album = Type.Object(
  {
    albumId: Type.String(),
    title: Type.String(),
    description: Type.String(),
    coverPhotoId: Nullable(
      Type.String({
        description:
          'The cover: the one chosen while it is in the album and the library, else the newest-taken photo; null when empty',
      }),
    ),
    coverUrl: Nullable(Type.String({ description: "The cover's thumbnail, signed and short-lived; null without a ready cover" })),
    photoCount: Type.Integer({ description: 'Photos of the album in your library (those in the trash are not counted)' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Album' },
);
export type AlbumView = Static<typeof Album>;

export const AlbumPage = Type.Object({
  items: Type.Array(Type.Unsafe<AlbumView>({ $ref: 'Album#' })),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null at the end' })),
});

export const AlbumListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ALBUM_PAGE, default: DEFAULT_ALBUM_PAGE })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);

export const AlbumPhotoListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })),
    cursor: Type.Optional(
      Type.String({ maxLength: 512, description: "A `nextCursor` from this album's listing; valid only for it and for you" }),
    ),
  },
  { additionalProperties: false },
);

export const AlbumParams = Type.Object({ albumId: Id });

export const NewAlbum = Type.Object(
  {
    title: Type.String({ description: `1 to ${MAX_ALBUM_TITLE} characters once cleaned` }),
    description: Type.Optional(Type.String({ description: `At most ${MAX_ALBUM_DESCRIPTION} characters` })),
  },
  { additionalProperties: false, description: `At most ${MAX_ALBUMS_PER_USER} albums each` },
);

export const AlbumEdit = Type.Object(
  {
    title: Type.Optional(Type.String({ description: `1 to ${MAX_ALBUM_TITLE} characters once cleaned` })),
    description: Type.Optional(Type.String({ description: `At most ${MAX_ALBUM_DESCRIPTION} characters` })),
    coverPhotoId: Type.Optional(
      Nullable({ ...Id, description: 'A photo of the album in your library; null goes back to the newest-taken photo' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AlbumPhotoIds = Type.Object(
  {
    photoIds: Type.Array(Id, {
      minItems: 1,
      maxItems: MAX_PHOTOS_PER_CHANGE,
      description: `1 to ${MAX_PHOTOS_PER_CHANGE} of your photos in the library; an album holds at most ${MAX_PHOTOS_PER_ALBUM.toLocaleString('en')}`,
    }),
  },
  { additionalProperties: false },
);
