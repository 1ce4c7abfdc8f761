import type { SignIn, Tokens } from '../../src/ports/auth.js';

/** The tokens of a sign-in that needed no second factor; a challenge fails the test that expected none. */
export function tokensOf(signIn: SignIn): Tokens {
  if ('challenge' in signIn) throw new Error(`expected tokens, got the ${signIn.challenge.name} challenge`);
  return signIn.tokens;
}
