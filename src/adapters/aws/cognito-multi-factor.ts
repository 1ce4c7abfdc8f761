import {
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { generateURI } from 'otplib';
import { AppError, badRequest, conflict } from '../../domain/errors.js';
import type { MfaStatus, MultiFactor, SecondFactorProof, TotpEnrolment } from '../../ports/multi-factor.js';
import { translate, translateMfa } from './cognito-auth.js';

const TOTP_ISSUER = 'photoshare';

/**
 * TOTP through Cognito: AssociateSoftwareToken, VerifySoftwareToken and SetUserMFAPreference with the user's access
 * token. Cognito keeps no recovery codes, and it checks a code only within a sign-in, so turning TOTP off signs in
 * once more with the password and the code (the session that makes is revoked at once).
 */
export class CognitoMultiFactor implements MultiFactor {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
  ) {}

  private async user(accessToken: string): Promise<{ email: string; totp: boolean }> {
    try {
      const out = await this.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
      const email = out.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value ?? out.Username ?? '';
      return { email, totp: out.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false };
    } catch (err) {
      translate(err);
    }
  }

  async status(_userId: string, accessToken: string): Promise<MfaStatus> {
    return { totp: (await this.user(accessToken)).totp, recoveryCodesLeft: null };
  }

  async beginTotp(_userId: string, accessToken: string): Promise<TotpEnrolment> {
    const { email, totp } = await this.user(accessToken);
    if (totp) throw conflict('Multi-factor sign-in is already on; turn it off first', 'mfa_enabled');
    try {
      const out = await this.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      if (!out.SecretCode) throw new Error('Cognito associated no secret');
      return { secret: out.SecretCode, otpauthUri: generateURI({ issuer: TOTP_ISSUER, label: email, secret: out.SecretCode }) };
    } catch (err) {
      translate(err);
    }
  }

  async confirmTotp(_userId: string, accessToken: string, proof: SecondFactorProof): Promise<{ recoveryCodes: null }> {
    const { email, totp } = await this.user(accessToken);
    if (totp) throw conflict('Multi-factor sign-in is already on', 'mfa_enabled');
    if (proof.password === undefined) throw badRequest('Send your password with the code', 'password_required');
    await this.checkPassword(email, proof.password);
    const code = proof.code;
    try {
      const out = await this.cognito.send(
        new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code.trim(), FriendlyDeviceName: TOTP_ISSUER }),
      );
      if (out.Status !== 'SUCCESS') throw badRequest('The code does not match the new secret', 'invalid_mfa_code');
      await this.prefer(accessToken, true);
      return { recoveryCodes: null };
    } catch (err) {
      if (err instanceof AppError) throw err;
      const name = (err as { name?: string }).name;
      if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException') {
        throw badRequest('The code does not match the new secret; check the clock of the device', 'invalid_mfa_code');
      }
      translate(err);
    }
  }

  async disableTotp(_userId: string, accessToken: string, proof: SecondFactorProof): Promise<void> {
    const { email, totp } = await this.user(accessToken);
    if (!totp) throw conflict('Multi-factor sign-in is not on', 'mfa_not_enabled');
    if (!proof.password) {
      throw badRequest('Cognito checks a code only within a sign-in: send your password with the code', 'password_required');
    }
    await this.signInWithCode(email, proof.password, proof.code);
    await this.prefer(accessToken, false);
  }

  /** The password, by a sign-in with it (TOTP is not on yet, so it answers tokens, which are revoked at once). */
  private async checkPassword(username: string, password: string): Promise<void> {
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      const refreshToken = out.AuthenticationResult?.RefreshToken;
      if (refreshToken) await this.revoke(refreshToken);
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException' || name === 'InvalidPasswordException') {
        throw new AppError(401, 'invalid_credentials', 'The password is wrong');
      }
      translate(err);
    }
  }

  private async signInWithCode(username: string, password: string, code: string): Promise<void> {
    let session: string | undefined;
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      session = out.Session;
      if (out.ChallengeName !== 'SOFTWARE_TOKEN_MFA' || !session) throw new Error(`unexpected challenge ${out.ChallengeName}`);
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException' || name === 'InvalidPasswordException') {
        throw new AppError(401, 'invalid_credentials', 'The password is wrong');
      }
      translate(err);
    }
    let refreshToken: string | undefined;
    try {
      const out = await this.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code.trim() },
        }),
      );
      refreshToken = out.AuthenticationResult?.RefreshToken;
    } catch (err) {
      translateMfa(err);
    }
    if (refreshToken) await this.revoke(refreshToken);
  }

  /** Ends the sign-in made only to check the code; one Cognito does not know (an emulator's) needs no ending. */
  private async revoke(refreshToken: string): Promise<void> {
    try {
      await this.cognito.send(new RevokeTokenCommand({ ClientId: this.clientId, Token: refreshToken }));
    } catch (err) {
      if ((err as { name?: string }).name !== 'NotAuthorizedException') throw err;
    }
  }

  private async prefer(accessToken: string, enabled: boolean): Promise<void> {
    await this.cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled },
      }),
    );
  }
}
