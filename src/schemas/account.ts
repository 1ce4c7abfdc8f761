import { Type } from 'typebox';

/**
 * The proof DELETE /me asks for: the account's current password. (A fresh TOTP code, `{code}`, is to join it as an
 * alternative for accounts with MFA.)
 */
export const AccountDeletionRequest = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 1024, description: "The account's current password" }) },
  { additionalProperties: false },
);

export const AccountDeletionAccepted = Type.Object({
  status: Type.Literal('deleting', {
    description:
      'The account can no longer sign in, its tokens, keys and links are refused, and the worker is deleting its photos and albums',
  }),
});
