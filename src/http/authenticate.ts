import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey, Scope } from '../domain/api-key.js';
import { AppError, TooManyRequestsError, badRequest, forbidden, unauthorized } from '../domain/errors.js';
import type { Auth } from '../ports/auth.js';
import type { Clock } from '../ports/clock.js';
import type { ThrottleStore } from '../ports/throttle-store.js';
import { errors } from '../schemas/common.js';

declare module 'fastify' {
  interface FastifyRequest {
    userId: string;
    /** The API key the request came with; null for an access token. */
    apiKey: ApiKey | null;
  }
  interface FastifyContextConfig {
    /** What an API key needs to call the route; a route without one takes access tokens only. */
    scope?: Scope;
  }
}

/** What the hook needs of the API-key service: the live key behind a secret, or a 401. */
export interface ApiKeyAuthenticator {
  authenticate(secret: string): Promise<ApiKey>;
}

export interface DailyQuota {
  store: ThrottleStore;
  /** Requests per API key per UTC day. */
  limit: number;
}

const DAY_MS = 86_400_000;

/** Who is calling: an access token (Authorization: Bearer) or an API key (x-api-key), one or the other. */
export class RequestAuthenticator {
  constructor(
    private readonly tokens: Auth,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly quota: DailyQuota | null,
    private readonly clock: Clock,
  ) {}

  async authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const key = request.headers['x-api-key'];
    if (key !== undefined) {
      if (header !== undefined) throw badRequest('Send an access token or an API key, not both', 'ambiguous_credentials');
      if (typeof key !== 'string') throw new AppError(401, 'invalid_api_key', 'Send one x-api-key header');
      const apiKey = await this.apiKeys.authenticate(key);
      const scope = request.routeOptions.config.scope;
      if (!scope || !apiKey.scopes.includes(scope)) {
        throw forbidden(
          scope
            ? `This API key lacks the ${scope} scope it needs here; it has ${apiKey.scopes.join(', ')}`
            : 'API keys cannot be used here: sign in',
          'insufficient_scope',
        );
      }
      await this.countTowardsQuota(apiKey);
      request.userId = apiKey.userId;
      request.apiKey = apiKey;
      return;
    }
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match?.[1]) throw unauthorized('Send an access token (Authorization: Bearer <token>) or an API key (x-api-key)');
    request.userId = (await this.tokens.verify(match[1])).userId;
  }

  private async countTowardsQuota(apiKey: ApiKey): Promise<void> {
    if (!this.quota) return;
    const now = this.clock.now().getTime();
    const endOfDay = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    const counted = await this.quota.store.countInWindow(`quota:${apiKey.keyId}`, this.quota.limit, endOfDay, now);
    if (!counted.allowed) {
      throw new TooManyRequestsError(
        'quota_exceeded',
        `This API key has made its ${this.quota.limit} requests for today; the quota starts afresh at 00:00 UTC`,
        Math.ceil((endOfDay - now) / 1000),
      );
    }
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
  // The OpenAPI document (api-docs.ts) says so for every route the hook guards.
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    const security: Record<string, string[]>[] = scope ? [{ bearer: [] }, { apiKey: [scope] }] : [{ bearer: [] }];
    const response = { ...(route.schema?.response as object | undefined), ...errors(401, 403) };
    route.schema = { ...route.schema, security, response };
  });
  app.addHook('onRequest', async (request) => authenticator.authenticate(request));
}
