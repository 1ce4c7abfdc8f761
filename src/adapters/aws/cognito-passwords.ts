import { translate } from './cognito-auth.js';
import {
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError, badRequest } from '../../domain/errors.js';
import type { PasswordRecovery } from '../../ports/passwords.js';

const nameOf = (err: unknown): string => (err as { name?: string }).name ?? '';

const invalidCode = () => badRequest('The code is wrong, used up or expired: ask for a new one', 'invalid_code');
const wrongPassword = () => new AppError(401, 'invalid_credentials', 'The current password is wrong');
const tooMany = () => new AppError(429, 'too_many_requests', 'Too many attempts; try again later');

/** AWS refuses a password its pool's policy does not take with this message; cognito-local says "Invalid password". */
const isPolicyRefusal = (err: unknown) => /does not conform to policy/i.test((err as Error).message);

/**
 * Cognito's own flow: ForgotPassword mails the code (Cognito's message, its expiry and limits),
 * ConfirmForgotPassword sets the password with it, ChangePassword takes the caller's access token.
 * What a confirmed reset does to existing sessions is Cognito's doing; this adapter adds nothing to it.
 */
export class CognitoPasswords implements PasswordRecovery {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
  ) {}

  async requestReset(email: string): Promise<void> {
    try {
      await this.cognito.send(new ForgotPasswordCommand({ ClientId: this.clientId, Username: email }));
    } catch (err) {
      switch (nameOf(err)) {
        // No such account, one that cannot be reset (unconfirmed, disabled, no verified email), or Cognito's own
        // per-user limit: the caller answers the same 202 as for a code sent.
        case 'UserNotFoundException':
        case 'NotAuthorizedException':
        case 'InvalidParameterException':
        case 'LimitExceededException':
        case 'CodeDeliveryFailureException':
          return;
        default:
          throw err;
      }
    }
  }

  async reset(email: string, code: string, newPassword: string): Promise<void> {
    try {
      await this.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: this.clientId,
          Username: email,
          ConfirmationCode: code,
          Password: newPassword,
        }),
      );
    } catch (err) {
      switch (nameOf(err)) {
        // An unknown or disabled account looks like a wrong code.
        case 'CodeMismatchException':
        case 'ExpiredCodeException':
        case 'UserNotFoundException':
        case 'NotAuthorizedException':
          throw invalidCode();
        case 'InvalidPasswordException':
          throw badRequest((err as Error).message, 'weak_password');
        case 'LimitExceededException':
        case 'TooManyFailedAttemptsException':
        case 'TooManyRequestsException':
          throw tooMany();
        default:
          translate(err);
      }
    }
  }

  async change(_userId: string, accessToken: string, currentPassword: string, newPassword: string): Promise<void> {
    try {
      await this.cognito.send(
        new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: currentPassword, ProposedPassword: newPassword }),
      );
    } catch (err) {
      switch (nameOf(err)) {
        case 'NotAuthorizedException':
          throw wrongPassword();
        case 'InvalidPasswordException':
          // The API's policy was checked first. AWS uses this for a new password its pool refuses; cognito-local
          // for a wrong previous password.
          if (isPolicyRefusal(err)) throw badRequest((err as Error).message, 'weak_password');
          throw wrongPassword();
        case 'LimitExceededException':
        case 'TooManyRequestsException':
          throw tooMany();
        default:
          translate(err);
      }
    }
  }
}
