import { Type } from 'typebox';

export const OAuthProviders = Type.Object({
  providers: Type.Array(
    Type.Object({
      id: Type.String({ description: 'What `/auth/oauth/start?provider=` takes' }),
      name: Type.String({ description: 'For the "Sign in with …" button' }),
    }),
    { description: 'Empty when none is configured' },
  ),
});

export const OAuthStartQuery = Type.Object(
  { provider: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }) },
  { additionalProperties: false },
);

/** What a provider sends back. Providers add their own parameters (Google: scope, authuser, hd, prompt): those pass. */
export const OAuthCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: Type.String({ maxLength: 1024 }), maxProperties: 20 },
);
