import {
  AdminDeleteUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '../../domain/errors.js';
import type { IdentityAccounts, IdentityRemover, Reauthentication } from '../../ports/accounts.js';

export interface CognitoAccountsOptions {
  userPoolId: string;
  /** The API's app client (USER_PASSWORD_AUTH); null for the worker, which only removes identities. */
  clientId: string | null;
}

const nameOf = (err: unknown): string => (err as { name?: string }).name ?? '';
const wrongPassword = () => new AppError(401, 'invalid_credentials', 'The password is wrong');
/** Cognito refuses the access token itself: revoked by a sign-out everywhere, or the user is gone. */
const signInAgain = () => new AppError(401, 'unauthorized', 'This sign-in has ended; sign in again');

/**
 * A Cognito user pool's accounts for their holders: the password checked again with USER_PASSWORD_AUTH (GetUser
 * names the account), DeleteUser and GlobalSignOut with the caller's access token (no IAM needed), and for the worker
 * AdminDeleteUser, which finishes a deletion a request could not.
 */
export class CognitoAccounts implements IdentityAccounts, IdentityRemover {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly options: CognitoAccountsOptions,
  ) {}

  async reauthenticate(userId: string, accessToken: string, proof: Reauthentication): Promise<void> {
    const clientId = this.options.clientId;
    if (!clientId) throw new Error('CognitoAccounts: reauthentication needs the app client');
    if (!('password' in proof)) {
      throw new AppError(400, 'password_required', 'Cognito checks a code only within a sign-in: send your password');
    }
    let username: string;
    try {
      const user = await this.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
      const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
      if (attribute('sub') !== undefined && attribute('sub') !== userId) throw signInAgain();
      username = attribute('email') ?? user.Username ?? '';
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (nameOf(err) === 'NotAuthorizedException' || nameOf(err) === 'UserNotFoundException') throw signInAgain();
      throw err;
    }
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: proof.password },
        }),
      );
      // A challenge (SOFTWARE_TOKEN_MFA, …) comes only after the password was right: that is the proof asked for.
      // Tokens mean a new sign-in was started just to check: it is ended at once.
      const refreshToken = out.AuthenticationResult?.RefreshToken;
      if (refreshToken) {
        await this.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken })).catch(() => undefined);
      }
    } catch (err) {
      const name = nameOf(err);
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException' || name === 'InvalidPasswordException') {
        throw wrongPassword();
      }
      if (name === 'TooManyRequestsException' || name === 'LimitExceededException') {
        throw new AppError(429, 'too_many_requests', 'Too many attempts; try again later');
      }
      throw err;
    }
  }

  async deleteIdentity(_userId: string, accessToken: string): Promise<void> {
    try {
      await this.cognito.send(new DeleteUserCommand({ AccessToken: accessToken }));
    } catch (err) {
      if (nameOf(err) === 'UserNotFoundException') return;
      if (nameOf(err) === 'NotAuthorizedException') throw signInAgain();
      throw err;
    }
  }

  async signOutEverywhere(_userId: string, accessToken: string): Promise<void> {
    try {
      await this.cognito.send(new GlobalSignOutCommand({ AccessToken: accessToken }));
    } catch (err) {
      if (nameOf(err) === 'NotAuthorizedException' || nameOf(err) === 'UserNotFoundException') throw signInAgain();
      throw err;
    }
  }

  /** AdminDeleteUser by the user's sub, which Cognito takes as the username of a pool signed into by email. */
  async removeIdentity(userId: string): Promise<void> {
    try {
      await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: this.options.userPoolId, Username: userId }));
    } catch (err) {
      if (nameOf(err) !== 'UserNotFoundException') throw err;
    }
  }
}
