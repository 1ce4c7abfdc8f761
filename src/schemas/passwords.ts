import { Type } from 'typebox';

const Email = Type.String({ minLength: 3, maxLength: 254 });
const NewPassword = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: 'At least 8 characters of two kinds or more (lower case, upper case, digits, symbols): else 400 weak_password',
});

export const ForgotPasswordRequest = Type.Object({ email: Email }, { additionalProperties: false });

export const ResetPasswordRequest = Type.Object(
  {
    email: Email,
    code: Type.String({ minLength: 1, maxLength: 64, description: 'The code mailed by /auth/password/forgot' }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: NewPassword },
  { additionalProperties: false },
);

export const Accepted = Type.Unsafe<undefined>({
  type: 'null',
  description: 'Accepted: if the address has an account, a code is on its way (the answer is the same either way)',
});
