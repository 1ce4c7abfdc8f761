import { Type } from 'typebox';
import { Nullable } from './common.js';

export const Me = Type.Object({
  userId: Type.String(),
  email: Nullable(
    Type.String({ description: 'null in aws mode when asked with an API key: Cognito tells it to an access token' }),
  ),
  usage: Type.Object({
    photos: Type.Integer(),
    bytes: Type.Integer({ description: 'Of the originals: what the quota counts' }),
  }),
  quotaBytes: Nullable(Type.Integer({ description: 'null: no quota (QUOTA_BYTES unset)' })),
});
