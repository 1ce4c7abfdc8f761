import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey, Scope } from '../domain/api-key.js';
import { AppError, badRequest, unauthorized } from '../domain/errors.js';
import type { Auth } from '../ports/auth.js';
import { errors } from '../schemas/common.js';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
    /** The API key the request came with; null for an access token. */
    apiKey: ApiKey | null;
    /** The access token the request came with, verified; null for an API key. */
    accessToken: string | null;
  }
  interface FastifyContextConfig {
    /** What an API key needs to call the route; a route without one takes access tokens only. */
    scope?: Scope;
  }
}

/** What the hook needs of the API-key service: the live key behind a secret, allowed the route's scope, within its quota. */
export interface ApiKeyAuthorizer {
  authorize(secret: string, scope: Scope | undefined): Promise<ApiKey>;
}

/** What the hook needs to know of deleted accounts: whether this one is closed (AccountGate). */
export interface ClosedAccounts {
  isClosed(userId: string): Promise<boolean>;
}

/** Who is calling: an access token (Authorization: Bearer) or an API key (x-api-key), one or the other. */
export class RequestAuthenticator {
  constructor(
    private readonly tokens: Auth,
    private readonly apiKeys: ApiKeyAuthorizer,
    /** Refuses every caller of an account being deleted, token or key, from the moment it is deleted. */
    private readonly closed: ClosedAccounts | null = null,
  ) {}

  async authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const key = request.headers['x-api-key'];
    if (key !== undefined) {
      if (header !== undefined) throw badRequest('Send an access token or an API key, not both', 'ambiguous_credentials');
      if (typeof key !== 'string') throw new AppError(401, 'invalid_api_key', 'Send one x-api-key header');
      const apiKey = await this.apiKeys.authorize(key, request.routeOptions.config.scope);
      await this.refuseClosed(apiKey.userId);
      request.userId = apiKey.userId;
      request.apiKey = apiKey;
      return;
    }
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw unauthorized('Send an access token (Authorization: Bearer <token>) or an API key (x-api-key)');
    const { userId } = await this.tokens.verify(match[1]);
    // A token verified (and cached) before its account was deleted is still a signed statement: the gate says no.
    await this.refuseClosed(userId);
    request.userId = userId;
    request.accessToken = match[1];
  }

  private async refuseClosed(userId: string): Promise<void> {
    if (await this.closed?.isClosed(userId)) throw unauthorized('This account has been deleted');
  }
}

/**
 * Registers an onRequest hook on every route of the calling plugin: a request
 * without a valid access token or API key ends in 401 (403 for a key without
 * the route's scope) before its body or query is even looked at.
 */
export function requireUser(app: FastifyInstance, authenticator: RequestAuthenticator): void {
  if (!app.hasRequestDecorator('userId')) app.decorateRequest('userId', '');
  if (!app.hasRequestDecorator('apiKey')) app.decorateRequest('apiKey', null);
  if (!app.hasRequestDecorator('accessToken')) app.decorateRequest('accessToken', null);
  // The OpenAPI document (api-docs.ts) says so for every route the hook guards.
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    const security: Record<string, string[]>[] = scope ? [{ bearer: [] }, { apiKey: [scope] }] : [{ bearer: [] }];
    const response = { ...(route.schema?.response as object | undefined), ...errors(401, 403) };
    route.schema = { ...route.schema, security, response };
  });
  app.addHook('onRequest', async (request) => authenticator.authenticate(request));
}
