import { Type, type Static } from 'typebox';
import { MAX_SHARE_PASSWORD, MAX_SHARE_SECONDS, MAX_SHARE_VIEWS, MIN_SHARE_PASSWORD } from '../domain/share.js';
import { Nullable, StringEnum } from './common.js';

export const DEFAULT_SHARE_PAGE = 50;
export const MAX_SHARE_PAGE = 100;

const Variant = StringEnum(['preview', 'thumbnail', 'original'], {
  description: 'preview (1280 px, the default), thumbnail, or original (full size, without metadata)',
});

export const Share = Type.Object(
  {
    shareId: Type.String(),
    url: Nullable(
      Type.String({
        description:
          'The public link, to copy again: only while the link is live (null once revoked, expired or used up, and for links made before links could be copied again)',
      }),
    ),
    kind: StringEnum(['photo', 'album'], { description: 'What the link shows: one photo, or an album' }),
    photoId: Nullable(Type.String({ description: 'The photo of a photo link' })),
    albumId: Nullable(Type.String({ description: 'The album of an album link' })),
    variant: Variant,
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
    views: Type.Integer(),
    state: StringEnum(['live', 'expired', 'revoked', 'used_up'], { description: 'used_up: opened `maxViews` times' }),
    hasPassword: Type.Boolean({ description: 'Visitors must give a password first' }),
    allowDownload: Type.Boolean({ description: 'The public page offers the full-size photo (without metadata) as a file' }),
    maxViews: Nullable(Type.Integer({ description: 'Visits after which the link answers 410; null: no limit' })),
  },
  { $id: 'Share' },
);
export type ShareView = Static<typeof Share>;

export const CreatedShare = Type.Object(
  {
    ...Share.properties,
    url: Type.String({ description: 'The public link; the listings show it again while the link is live' }),
  },
  { $id: 'CreatedShare' },
);

export const ShareList = Type.Object({
  items: Type.Array(Type.Unsafe<ShareView>({ $ref: 'Share#' })),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null at the end' })),
});

export const ShareListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SHARE_PAGE, default: DEFAULT_SHARE_PAGE })),
    cursor: Type.Optional(
      Type.String({ maxLength: 512, description: "A `nextCursor` from this photo's listing; valid only for it and for you" }),
    ),
  },
  { additionalProperties: false },
);

export const NewShare = Type.Union([
  Type.Object(
    {
      expiresInSeconds: Type.Optional(Type.Integer({ description: `1 to ${MAX_SHARE_SECONDS} (7 days); 1 day by default` })),
      variant: Type.Optional(Variant),
      password: Type.Optional(
        Type.String({
          minLength: MIN_SHARE_PASSWORD,
          maxLength: MAX_SHARE_PASSWORD,
          description: 'Visitors must give it (in a form, never in the URL) before they see anything; stored as a slow hash',
        }),
      ),
      allowDownload: Type.Optional(
        Type.Boolean({ description: 'Offer the full-size photo, without metadata, as a file (default false)' }),
      ),
      maxViews: Type.Optional(
        Type.Integer({ minimum: 1, maximum: MAX_SHARE_VIEWS, description: 'The link answers 410 after this many visits' }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const ShareUnlockBody = Type.Object(
  { password: Type.String({ maxLength: MAX_SHARE_PASSWORD }) },
  { additionalProperties: false },
);

export const ShareUnlocked = Type.Object({
  unlocked: Type.Literal(true),
  expiresAt: Type.String({ format: 'date-time', description: 'Until when this browser is let in (a cookie)' }),
});

// Any string up to 64: an id that is not one of ours is simply not found (404), as it always was.
export const ShareParams = Type.Object({ shareId: Type.String({ maxLength: 64 }) });

export const TokenParams = Type.Object({ token: Type.String({ description: 'The secret part of the link' }) });

const Ticket = Type.String({
  maxLength: 200,
  description:
    'The ticket a page of the link gave: what it loads and links to within ten minutes is part of that visit (not counted again, and still shown once that visit was the last `maxViews` allows)',
});

export const SharedAlbumQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 512, description: "An album link's next page (`nextCursor`)" })),
  t: Type.Optional(Ticket),
});

export const SharedViewParams = Type.Object({
  token: Type.String(),
  photoId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
});

export const SharedViewQuery = Type.Object({
  t: Type.Optional(Ticket),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'The album page the photo was opened from' })),
});

export const SharedPhotoParams = Type.Object({
  token: Type.String(),
  photoId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  variant: StringEnum(['thumbnail', 'preview', 'download']),
});

/** What an album link shows (to JSON clients; browsers get it as a page). */
export const SharedAlbum = Type.Object({
  kind: Type.Literal('album'),
  title: Type.String(),
  description: Type.String(),
  photoCount: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time' }),
  allowDownload: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      photoId: Type.String(),
      width: Nullable(Type.Integer()),
      height: Nullable(Type.Integer()),
      takenAt: Nullable(Type.String()),
      thumbhash: Nullable(Type.String()),
      urls: Type.Object({
        thumbnail: Type.String(),
        preview: Type.String(),
        download: Nullable(Type.String({ description: 'Only when the link allows downloads' })),
      }),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
export type SharedAlbumView = Static<typeof SharedAlbum>;

export const SharedPhotoQuery = Type.Object({ t: Type.Optional(Ticket) });
