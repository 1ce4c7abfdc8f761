import { badRequest } from './errors.js';
import { hasInvisible } from './text.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** At least 8 characters from at least two classes (lower, upper, digit, other). */
export function assertPasswordAcceptable(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long`, 'weak_password');
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw badRequest(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long`, 'weak_password');
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) {
    throw badRequest(
      'Password must mix at least two kinds of characters (lower case, upper case, digits, symbols)',
      'weak_password',
    );
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One spelling per address: NFKC (a composed and a decomposed "zoë", a
 * full-width letter and its ASCII twin are one address), lower case. An
 * address with invisible or direction-changing characters is refused, not
 * cleaned: it would be a look-alike of another.
 */
export function normaliseEmail(email: string): string {
  if (hasInvisible(email)) {
    throw badRequest('The email address contains invisible or direction-changing characters', 'invalid_email');
  }
  const trimmed = email.normalize('NFKC').trim().toLowerCase();
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw badRequest('A valid email address is required', 'invalid_email');
  return trimmed;
}
