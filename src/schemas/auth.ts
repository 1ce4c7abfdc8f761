import { Type } from 'typebox';

export const Credentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const SessionCookie = Type.Optional(
  Type.Boolean({
    description:
      'For the web app: the refresh token goes into an HttpOnly, SameSite=Strict cookie scoped to /auth instead of the ' +
      'body, and /auth/refresh and /auth/logout then take it from there (the request must come from this origin).',
  }),
);

export const SignInRequest = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    sessionCookie: SessionCookie,
  },
  { additionalProperties: false },
);

export const MfaChallenge = Type.Object({
  challenge: Type.Literal('SOFTWARE_TOKEN_MFA', { description: 'Send a code from the authenticator app to /auth/mfa/challenge' }),
  session: Type.String({ description: 'Single use, good for 3 minutes' }),
});

export const MfaChallengeAnswer = Type.Object(
  {
    session: Type.String({ minLength: 1, maxLength: 4096 }),
    code: Type.String({
      minLength: 6,
      maxLength: 32,
      description: 'The 6-digit code, or (local mode) one of the recovery codes given when TOTP was turned on',
    }),
    sessionCookie: SessionCookie,
  },
  { additionalProperties: false },
);

// Not strict, unlike the other bodies: /auth/confirm has always ignored fields it does not know.
export const Confirmation = Type.Object({ email: Type.String({ maxLength: 254 }), code: Type.String({ maxLength: 64 }) });

export const RefreshRequest = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4096, description: 'Left out by the web app: its session cookie is used' }),
    ),
  },
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
  refreshToken: Type.Optional(
    Type.String({
      description:
        'Keep it secret: it gets new tokens from /auth/refresh until the sign-in expires or you log out. ' +
        'Each refresh answers the refresh token to use next: keep it in place of the one you sent, which is spent ' +
        '(sent again after a few seconds, it is refused and may end the sign-in). Absent for a cookie session.',
    }),
  ),
});

export const SignInResult = Type.Union([Tokens, MfaChallenge]);

export const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) });
