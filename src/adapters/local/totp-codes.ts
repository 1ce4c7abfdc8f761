import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'photoshare';

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, accountName: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });

/**
 * The time step a code belongs to, one step either side of now allowed for clock drift; null for a wrong code or
 * one from a step at or before `afterStep` (a code already used).
 */
export async function matchingStep(
  secret: string,
  code: string,
  nowMs: number,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: PERIOD_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
