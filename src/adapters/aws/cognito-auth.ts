import {
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { AppError, badRequest, conflict, unauthorized } from '../../domain/errors.js';
import { assertPasswordAcceptable, normaliseEmail } from '../../domain/password-policy.js';
import type { Auth, Principal, SignIn, SignUpResult, Tokens } from '../../ports/auth.js';
import { challengeSession, openChallengeSession } from './cognito-challenge-session.js';

export interface CognitoAuthOptions {
  userPoolId: string;
  clientId: string;
  /**
   * Where tokens come from when they are not AWS's own (an emulator): the
   * issuer they carry and a JWKS URL to load the keys from once.
   */
  issuerOverride?: { issuer: string; jwksUri: string };
}

interface AccessVerifier {
  verify(token: string): Promise<{ sub?: unknown; exp?: unknown }>;
}

/** Cognito's errors, as the same answers the local issuer gives. */
export function translate(err: unknown): never {
  const name = (err as { name?: string }).name ?? '';
  const message = (err as Error).message;
  switch (name) {
    case 'UsernameExistsException':
      throw conflict('An account with this email already exists', 'email_taken');
    case 'InvalidPasswordException':
      throw badRequest(message, 'weak_password');
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
    case 'UserNotConfirmedException':
      throw new AppError(
        403,
        'not_confirmed',
        'Confirm your email address first (POST /auth/confirm with the code you were sent)',
      );
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      throw badRequest('The confirmation code is wrong or has expired', 'invalid_code');
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      throw new AppError(429, 'too_many_requests', 'Too many attempts; try again later');
    case 'InvalidParameterException':
      throw badRequest(message, 'invalid_request');
    default:
      throw err;
  }
}

/** Cognito's answers to a second-factor code, as the local issuer's. */
export function translateMfa(err: unknown): never {
  const name = (err as { name?: string }).name ?? '';
  switch (name) {
    case 'CodeMismatchException':
    case 'ExpiredCodeException': // also a code used before
    case 'EnableSoftwareTokenMFAException':
      throw new AppError(401, 'invalid_mfa_code', 'The code is wrong, expired or already used');
    case 'NotAuthorizedException':
      throw new AppError(401, 'invalid_mfa_session', 'This sign-in has expired or was already answered; sign in again');
    default:
      translate(err);
  }
}

/** Tokens from a sign-in Cognito finished, or the further step it asks for, which this API does not offer. */
function tokensOf(result: AuthenticationResultType | undefined, challengeName: string | undefined): Tokens {
  if (!result?.AccessToken || !result.RefreshToken) {
    throw new AppError(
      401,
      'challenge_required',
      `Sign-in needs a further step (${challengeName ?? 'unknown'}) this API does not offer`,
    );
  }
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken ?? '',
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
    tokenType: 'Bearer',
  };
}

/**
 * An endpoint that does not know an operation: cognito-local answers 500 with
 * `__type: "CognitoLocal#Unsupported"` (the SDK names it `Unsupported`); AWS's
 * JSON protocol says `UnknownOperationException`. Cognito itself never does.
 */
const isUnknownOperation = (err: unknown): boolean => {
  const name = (err as { name?: string }).name;
  return name === 'Unsupported' || name === 'UnknownOperationException';
};

/** Sign-up and sign-in through a Cognito user pool; access tokens verified with aws-jwt-verify. */
export class CognitoAuth implements Auth {
  private readonly verifier: AccessVerifier;
  /** Set once the endpoint turned GetTokensFromRefreshToken down as unknown (an emulator): refresh without it. */
  private noTokensFromRefreshToken = false;
  /** Loads an emulator's keys by hand: aws-jwt-verify itself fetches only https. */
  private readonly loadJwks: (() => Promise<void>) | null = null;
  private jwksLoaded: Promise<void> | null = null;

  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly options: CognitoAuthOptions,
  ) {
    const override = options.issuerOverride;
    if (!override) {
      this.verifier = CognitoJwtVerifier.create({
        userPoolId: options.userPoolId,
        tokenUse: 'access',
        clientId: options.clientId,
      });
      return;
    }
    const verifier = JwtVerifier.create({
      issuer: override.issuer,
      audience: null, // Cognito access tokens carry client_id, not aud: checked below
      jwksUri: override.jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('not an access token');
        if (payload.client_id !== options.clientId) throw new Error('token of another app client');
      },
    });
    this.verifier = verifier;
    this.loadJwks = async () => {
      const res = await fetch(override.jwksUri);
      if (!res.ok) throw new Error(`JWKS ${override.jwksUri} answered ${res.status}`);
      verifier.cacheJwks((await res.json()) as never);
    };
  }

  async signUp(email: string, password: string): Promise<SignUpResult> {
    const address = normaliseEmail(email);
    assertPasswordAcceptable(password);
    try {
      const out = await this.cognito.send(
        new SignUpCommand({
          ClientId: this.options.clientId,
          Username: address,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: address }],
        }),
      );
      if (!out.UserSub) throw new Error('Cognito signed the user up without a UserSub');
      return { userId: out.UserSub, confirmationRequired: !out.UserConfirmed };
    } catch (err) {
      translate(err);
    }
  }

  async confirm(email: string, code: string): Promise<void> {
    try {
      await this.cognito.send(
        new ConfirmSignUpCommand({ ClientId: this.options.clientId, Username: normaliseEmail(email), ConfirmationCode: code }),
      );
    } catch (err) {
      translate(err);
    }
  }

  async login(email: string, password: string): Promise<SignIn> {
    let address: string;
    try {
      address = normaliseEmail(email);
    } catch {
      throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
    }
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: this.options.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: address, PASSWORD: password },
        }),
      );
      if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && out.Session) {
        return { challenge: { name: 'SOFTWARE_TOKEN_MFA', session: challengeSession(address, out.Session) } };
      }
      return { tokens: tokensOf(out.AuthenticationResult, out.ChallengeName) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      // At sign-in a password Cognito rejects is just a wrong password.
      if ((err as { name?: string }).name === 'InvalidPasswordException') {
        throw new AppError(401, 'invalid_credentials', 'Email or password is wrong');
      }
      translate(err);
    }
  }

  async challengeAccount(session: string): Promise<string> {
    return openChallengeSession(session).username;
  }

  async answerMfaChallenge(session: string, code: string): Promise<Tokens> {
    const { username, cognitoSession } = openChallengeSession(session);
    try {
      const out = await this.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.options.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: cognitoSession,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code.trim() },
        }),
      );
      return tokensOf(out.AuthenticationResult, out.ChallengeName);
    } catch (err) {
      if (err instanceof AppError) throw err;
      translateMfa(err);
    }
  }

  /**
   * GetTokensFromRefreshToken: with rotation enabled on the app client (the CDK stack's), Cognito answers
   * a new refresh token and the one presented stops working after the client's retry grace period
   * (RefreshTokenReuseException); REFRESH_TOKEN_AUTH is refused for such a client. Without rotation no
   * refresh token comes back, and the one presented stays the one to use. An endpoint that does not know
   * the operation (cognito-local 5) is asked with REFRESH_TOKEN_AUTH instead, which never rotates.
   */
  async refresh(refreshToken: string): Promise<Tokens> {
    try {
      const result = await this.tokensFromRefreshToken(refreshToken);
      if (!result?.AccessToken) throw new Error('no tokens');
      return {
        accessToken: result.AccessToken,
        idToken: result.IdToken ?? '',
        refreshToken: result.RefreshToken ?? refreshToken,
        expiresIn: result.ExpiresIn ?? 3600,
        tokenType: 'Bearer',
      };
    } catch {
      throw new AppError(401, 'invalid_refresh_token', 'Refresh token is not valid; sign in again');
    }
  }

  private async tokensFromRefreshToken(refreshToken: string): Promise<AuthenticationResultType | undefined> {
    if (!this.noTokensFromRefreshToken) {
      try {
        const out = await this.cognito.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: this.options.clientId, RefreshToken: refreshToken }),
        );
        return out.AuthenticationResult;
      } catch (err) {
        if (!isUnknownOperation(err)) throw err;
        this.noTokensFromRefreshToken = true;
      }
    }
    const out = await this.cognito.send(
      new InitiateAuthCommand({
        ClientId: this.options.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return out.AuthenticationResult;
  }

  async logout(refreshToken: string): Promise<void> {
    try {
      await this.cognito.send(new RevokeTokenCommand({ ClientId: this.options.clientId, Token: refreshToken }));
    } catch (err) {
      const name = (err as { name?: string }).name;
      // An unknown or already revoked token: logging out again is not an error.
      if (name !== 'UnauthorizedException' && name !== 'NotAuthorizedException' && name !== 'UnsupportedTokenTypeException')
        throw err;
    }
  }

  async verify(accessToken: string): Promise<Principal> {
    if (this.loadJwks) {
      this.jwksLoaded ??= this.loadJwks().catch((err: unknown) => {
        this.jwksLoaded = null;
        throw err;
      });
      await this.jwksLoaded;
    }
    try {
      const payload = await this.verifier.verify(accessToken);
      return { userId: String(payload.sub), expiresAt: new Date(Number(payload.exp) * 1000) };
    } catch {
      throw unauthorized('Access token is not valid');
    }
  }

  async emailOf(_userId: string, accessToken: string | null): Promise<string | null> {
    if (!accessToken) return null;
    try {
      const out = await this.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
      return out.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value ?? null;
    } catch (err) {
      // Verified here, the token may still be revoked there (signed out everywhere), or Cognito busy: no email then.
      const name = (err as { name?: string }).name;
      if (name === 'NotAuthorizedException' || name === 'TooManyRequestsException') return null;
      throw err;
    }
  }

  async jwks(): Promise<null> {
    return null; // Cognito publishes its own keys.
  }
}
