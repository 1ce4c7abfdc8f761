import { Type, type Static } from 'typebox';
import { MAX_SHARE_SECONDS } from '../domain/share.js';
import { Nullable, StringEnum } from './common.js';

export const DEFAULT_SHARE_PAGE = 50;
export const MAX_SHARE_PAGE = 100;

const Variant = StringEnum(['preview', 'thumbnail', 'original'], {
  description: 'preview (1280 px, the default), thumbnail, or original (full size, without metadata)',
});

export const Share = Type.Object(
  {
    shareId: Type.String(),
    photoId: Type.String(),
    variant: Variant,
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
    views: Type.Integer(),
    state: StringEnum(['live', 'expired', 'revoked']),
  },
  { $id: 'Share' },
);
export type ShareView = Static<typeof Share>;

export const CreatedShare = Type.Object(
  { ...Share.properties, url: Type.String({ description: 'The public link; shown here once, stored only as a hash' }) },
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
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

// Any string up to 64: an id that is not one of ours is simply not found (404), as it always was.
export const ShareParams = Type.Object({ shareId: Type.String({ maxLength: 64 }) });

export const TokenParams = Type.Object({ token: Type.String({ description: 'The secret part of the link' }) });
