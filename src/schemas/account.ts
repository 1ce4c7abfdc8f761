import { Type } from 'typebox';

/** The proof DELETE /me asks for: the account's current password, or a fresh code for an account with MFA on. */
export const AccountDeletionRequest = Type.Union([
  Type.Object(
    { password: Type.String({ minLength: 1, maxLength: 1024, description: "The account's current password" }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      code: Type.String({
        minLength: 6,
        maxLength: 32,
        description: 'With MFA on (local mode): a current code from the authenticator app, or a recovery code',
      }),
    },
    { additionalProperties: false },
  ),
]);

export const AccountDeletionAccepted = Type.Object({
  status: Type.Literal('deleting', {
    description:
      'The account can no longer sign in, its tokens, keys and links are refused, and the worker is deleting its photos and albums',
  }),
});
