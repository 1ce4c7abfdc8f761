/**
 * Why a social sign-in did not complete: the code the browser is sent back with (`/?signin_error=<code>`), for the
 * web app to show a message. Each is a refusal, never a 500.
 */
export const SIGN_IN_FAILURES = [
  /** No sign-in in progress in this browser: the cookie is missing, expired or not ours. */
  'expired',
  /** The state does not match the one this browser started with, or was used already. */
  'invalid_state',
  /** The person said no at the provider (error=access_denied). */
  'denied',
  /** The provider answered another error, or its code or ID token was refused. */
  'provider_error',
  /** The provider vouches for no email address, or not for its ownership. */
  'email_unverified',
  /** The provider could not be reached. */
  'unavailable',
  /** Something failed on our side (logged as an error). */
  'failed',
] as const;

export type SignInFailure = (typeof SIGN_IN_FAILURES)[number];

export class SocialSignInError extends Error {
  override name = 'SocialSignInError';
  constructor(
    readonly code: SignInFailure,
    message: string,
  ) {
    super(message);
  }
}
