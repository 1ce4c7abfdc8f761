import { AppError } from '../../domain/errors.js';

/**
 * RespondToAuthChallenge needs the user name beside Cognito's session, so the session handed to the client carries
 * both: `<base64url(username)>.<Cognito's session>`. Nothing here is trusted: Cognito checks that the session is the
 * user's own, and a name changed by the client only moves its wrong codes to another count of its own address.
 */
export const challengeSession = (username: string, cognitoSession: string): string =>
  `${Buffer.from(username).toString('base64url')}.${cognitoSession}`;

export function openChallengeSession(session: string): { username: string; cognitoSession: string } {
  const dot = session.indexOf('.');
  const username = dot > 0 ? Buffer.from(session.slice(0, dot), 'base64url').toString('utf8') : '';
  const cognitoSession = session.slice(dot + 1);
  if (!username.includes('@') || !cognitoSession) {
    throw new AppError(401, 'invalid_mfa_session', 'This sign-in has expired or was already answered; sign in again');
  }
  return { username, cognitoSession };
}
