import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireUser, type RequestAuthenticator } from '../http/authenticate.js';
import { clientAddress } from '../http/rate-limits.js';
import { unauthorized } from '../domain/errors.js';
import { AccountDeletionAccepted, AccountDeletionRequest } from '../schemas/account.js';
import { NoContent, errors } from '../schemas/common.js';
import type { AccountCaller, AccountService } from '../services/account-service.js';

/** A password and nothing else: a larger body is refused before it is parsed. */
const ACCOUNT_BODY_LIMIT = 16 * 1024;

export interface AccountRouteDeps {
  auth: RequestAuthenticator;
  accounts: AccountService;
}

/** The signed-in caller, by access token only: these routes have no scope, so API keys are refused (403). */
function callerOf(request: FastifyRequest): AccountCaller {
  if (!request.accessToken) throw unauthorized('Sign in: this needs an access token');
  return { userId: request.userId, accessToken: request.accessToken, address: clientAddress(request) };
}

/** The account itself: deleting it, signing out everywhere. GET /me stays in me.ts. */
export const accountRoutes: FastifyPluginAsyncTypebox<AccountRouteDeps> = async (app, { auth, accounts }) => {
  requireUser(app, auth);

  app.delete(
    '/me',
    {
      config: { throttle: 'session' },
      bodyLimit: ACCOUNT_BODY_LIMIT,
      schema: {
        summary:
          'Delete your account, with every photo, album, share link and API key (needs your password, or a code with MFA on)',
        body: AccountDeletionRequest,
        response: { 202: AccountDeletionAccepted, ...errors(400, 401, 403, 408, 429) },
      },
    },
    async (request, reply) => {
      await accounts.deleteAccount(callerOf(request), request.body);
      return reply.status(202).send({ status: 'deleting' as const });
    },
  );

  app.post(
    '/auth/logout/everywhere',
    {
      config: { throttle: 'session' },
      bodyLimit: ACCOUNT_BODY_LIMIT,
      schema: {
        summary: 'Sign out everywhere: every refresh token of your account stops working',
        response: { 204: NoContent, ...errors(401, 403, 429) },
      },
    },
    async (request, reply) => {
      await accounts.signOutEverywhere(callerOf(request));
      return reply.status(204).send();
    },
  );
};
