import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { clientAddress } from '../http/rate-limits.js';
import type { MultiFactor } from '../ports/multi-factor.js';
import { NoContent, errors } from '../schemas/common.js';
import { MfaStatus, TotpCode, TotpDisable, TotpEnabled, TotpEnrolment } from '../schemas/mfa.js';
import type { SignInGuard } from '../services/sign-in-guard.js';

const MFA_BODY_LIMIT = 4 * 1024;

export interface MfaRouteDeps {
  auth: RequestAuthenticator;
  mfa: MultiFactor;
  guard: SignInGuard | null;
}

/** The signed-in user's own access token: these routes have no API-key scope, so a key never gets here. */
function accessTokenOf(request: FastifyRequest): string {
  if (!request.accessToken) throw new AppError(403, 'access_token_required', 'Sign in as the user to change how they sign in');
  return request.accessToken;
}

export const mfaRoutes: FastifyPluginAsyncTypebox<MfaRouteDeps> = async (app, { auth, mfa, guard }) => {
  requireUser(app, auth);

  app.get(
    '/auth/mfa',
    {
      config: { throttle: 'session' },
      schema: { summary: 'Whether multi-factor sign-in is on', response: { 200: MfaStatus, ...errors(429) } },
    },
    async (request) => mfa.status(request.userId, accessTokenOf(request)),
  );

  app.post(
    '/auth/mfa/totp/setup',
    {
      config: { throttle: 'session' },
      bodyLimit: MFA_BODY_LIMIT,
      schema: {
        summary: 'A new TOTP secret for an authenticator app; not in force until verified',
        response: { 200: TotpEnrolment, ...errors(409, 429) },
      },
    },
    async (request) => mfa.beginTotp(request.userId, accessTokenOf(request)),
  );

  app.post(
    '/auth/mfa/totp/verify',
    {
      config: { throttle: 'session' },
      bodyLimit: MFA_BODY_LIMIT,
      schema: {
        summary: 'Turn TOTP on with a code from the new secret and the password',
        body: TotpCode,
        response: { 200: TotpEnabled, ...errors(400, 401, 408, 409, 429) },
      },
    },
    async (request) => {
      const accessToken = accessTokenOf(request);
      const confirm = () => mfa.confirmTotp(request.userId, accessToken, request.body);
      const { recoveryCodes } = await (guard
        ? guard.guarded(`reauth:${request.userId}|${clientAddress(request)}`, confirm, 'invalid_credentials')
        : confirm());
      return { totp: true as const, recoveryCodes };
    },
  );

  app.delete(
    '/auth/mfa/totp',
    {
      config: { throttle: 'session' },
      bodyLimit: MFA_BODY_LIMIT,
      schema: {
        summary: 'Turn TOTP off, with a current code (aws mode: and the password)',
        body: TotpDisable,
        response: { 204: NoContent, ...errors(400, 408, 409, 429) },
      },
    },
    async (request, reply) => {
      const accessToken = accessTokenOf(request);
      // A stolen access token must not be able to guess its way to turning the second factor off.
      const disable = () => mfa.disableTotp(request.userId, accessToken, request.body);
      const address = clientAddress(request);
      // aws mode checks the password too: wrong ones are slowed as at DELETE /me, wrong codes as at sign-in.
      await (guard
        ? guard.guarded(
            `reauth:${request.userId}|${address}`,
            () => guard.secondFactor(`user:${request.userId}`, address, disable),
            'invalid_credentials',
          )
        : disable());
      return reply.status(204).send();
    },
  );
};
