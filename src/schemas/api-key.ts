import { Type } from 'typebox';
import { MAX_API_KEY_DAYS, SCOPES } from '../domain/api-key.js';
import { Nullable, StringEnum } from './common.js';

const Scope = StringEnum(SCOPES);

export const ApiKey = Type.Object(
  {
    keyId: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Scope),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Nullable(Type.String({ format: 'date-time', description: 'null: until revoked' })),
    lastUsedAt: Nullable(Type.String({ format: 'date-time', description: 'To the minute' })),
  },
  { $id: 'ApiKey' },
);

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'Send it as the x-api-key header. Shown here once, stored only as a hash' }),
});

export const NewApiKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: SCOPES.length, uniqueItems: true }),
    expiresInDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_API_KEY_DAYS, description: 'Omit for a key that lasts until revoked' }),
    ),
  },
  { additionalProperties: false },
);

export const ApiKeyList = Type.Object({ items: Type.Array(Type.Unsafe({ $ref: 'ApiKey#' })) });

export const ApiKeyParams = Type.Object({ keyId: Type.String({ maxLength: 64 }) });
