import { Type } from 'typebox';

export const Credentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

// Not strict, unlike the other bodies: /auth/confirm has always ignored fields it does not know.
export const Confirmation = Type.Object({ email: Type.String({ maxLength: 254 }), code: Type.String({ maxLength: 64 }) });

export const RefreshRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

export const SignUpResult = Type.Object({
  userId: Type.String(),
  confirmationRequired: Type.Boolean({ description: 'Cognito: the emailed code must be sent to /auth/confirm first' }),
});

export const Tokens = Type.Object({
  accessToken: Type.String(),
  idToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds the access token lives' }),
  tokenType: Type.Literal('Bearer'),
  refreshToken: Type.String({
    description:
      'Keep it secret: it gets new tokens from /auth/refresh until the sign-in expires or you log out. ' +
      'Each refresh answers the refresh token to use next: keep it in place of the one you sent, which is spent ' +
      '(sent again after a few seconds, it is refused and may end the sign-in).',
  }),
});

export const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) });
