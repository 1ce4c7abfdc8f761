import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { clientAddress } from '../http/rate-limits.js';
import { NoContent, errors } from '../schemas/common.js';
import { Accepted, ChangePasswordRequest, ForgotPasswordRequest, ResetPasswordRequest } from '../schemas/passwords.js';
import type { PasswordService } from '../services/password-service.js';

/** An email, a code and a password fit in a few KB: a larger body is refused before it is parsed. */
const PASSWORD_BODY_LIMIT = 16 * 1024;

export interface PasswordRouteDeps {
  auth: RequestAuthenticator;
  passwords: PasswordService;
}

export const passwordRoutes: FastifyPluginAsyncTypebox<PasswordRouteDeps> = async (app, { auth, passwords }) => {
  app.post(
    '/auth/password/forgot',
    {
      config: { throttle: 'signup' },
      bodyLimit: PASSWORD_BODY_LIMIT,
      schema: {
        summary: 'Mail a password-reset code to the address, if it has an account',
        body: ForgotPasswordRequest,
        response: { 202: Accepted, ...errors(400, 408, 413, 429) },
      },
    },
    async (request, reply) => {
      await passwords.forgot(request.body.email);
      return reply.status(202).send();
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config: { throttle: 'login' },
      bodyLimit: PASSWORD_BODY_LIMIT,
      schema: {
        summary: 'Set a new password with the mailed code; every sign-in of the account ends (local mode)',
        body: ResetPasswordRequest,
        response: { 204: NoContent, ...errors(400, 408, 413, 429) },
      },
    },
    async (request, reply) => {
      const { email, code, newPassword } = request.body;
      await passwords.reset(email, code, newPassword, clientAddress(request));
      return reply.status(204).send();
    },
  );

  // Its own plugin, so that requireUser guards this route alone.
  await app.register(async (plugin) => {
    requireUser(plugin, auth);
    const signedIn = plugin.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.post(
      '/auth/password/change',
      {
        // No scope: API keys are refused (403); the service also insists on an access token.
        config: { throttle: 'login' },
        bodyLimit: PASSWORD_BODY_LIMIT,
        schema: {
          summary: 'Change your password (with an access token, not an API key)',
          body: ChangePasswordRequest,
          response: { 204: NoContent, ...errors(400, 401, 403, 408, 413, 429) },
        },
      },
      async (request, reply) => {
        const { currentPassword, newPassword } = request.body;
        await passwords.change(request, currentPassword, newPassword, clientAddress(request));
        return reply.status(204).send();
      },
    );
  });
};
