import { Type } from 'typebox';

export const MfaStatus = Type.Object({
  totp: Type.Boolean({ description: 'Whether sign-in asks for a code from an authenticator app' }),
  recoveryCodesLeft: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Unused recovery codes (local mode); null otherwise',
  }),
});

export const TotpEnrolment = Type.Object({
  secret: Type.String({ description: 'Base32, for typing into an authenticator app' }),
  otpauthUri: Type.String({ description: 'The same secret as an otpauth:// URI, for a QR code' }),
});

export const TotpCode = Type.Object(
  {
    code: Type.String({ minLength: 6, maxLength: 32, description: 'The 6-digit code the app shows now' }),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: "The account's password: required, unless the account has none (one a provider made, local mode)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const TotpEnabled = Type.Object({
  totp: Type.Literal(true),
  recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Local mode: 10 one-time codes, each good for one sign-in without the app. Shown this once; keep them safe.',
  }),
});

export const TotpDisable = Type.Object(
  {
    code: Type.String({ minLength: 6, maxLength: 32, description: 'A current code (or, local mode, a recovery code)' }),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: 'aws mode: required too, since Cognito checks a code only within a sign-in',
      }),
    ),
  },
  { additionalProperties: false },
);
