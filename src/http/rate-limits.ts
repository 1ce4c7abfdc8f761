import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '../domain/errors.js';
import type { BucketRule } from '../domain/token-bucket.js';
import type { Clock } from '../ports/clock.js';
import type { ThrottleStore } from '../ports/throttle-store.js';
import { errors } from '../schemas/common.js';

/** The anonymous routes' own limits, per client address; other anonymous routes share `anonymous`. */
export type ThrottleGroup = 'signup' | 'login' | 'session' | 'share' | 'anonymous';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which per-address limit an anonymous route takes (default `anonymous`). */
    throttle?: ThrottleGroup;
  }
}

/** The usage plan: a bucket per user (access token or API key alike) and per address on anonymous routes. */
export interface UsagePlan {
  perUser: BucketRule;
  perAddress: Record<ThrottleGroup, BucketRule>;
  /** Requests an API key may make per UTC day. */
  apiKeyDailyQuota: number;
}

interface PluginStoreResult {
  current: number;
  ttl: number;
}

/**
 * @fastify/rate-limit counts through a store it constructs itself; this one is
 * a token bucket in our ThrottleStore. "current" is what the plugin compares
 * with its max: the tokens used, or max + 1 for a refusal, whose ttl is then
 * the wait (Retry-After) rather than the time to a full bucket.
 */
function pluginStoreOver(store: ThrottleStore, clock: Clock, onError: (err: unknown) => void) {
  return class ThrottleStorePluginStore {
    incr(key: string, callback: (err: Error | null, result?: PluginStoreResult) => void, timeWindow: number, max: number) {
      store.take(key, { limit: max, windowMs: timeWindow }, clock.now().getTime()).then(
        (d) => {
          callback(null, d.allowed ? { current: max - d.remaining, ttl: d.resetMs } : { current: max + 1, ttl: d.retryAfterMs });
        },
        (err: unknown) => {
          onError(err);
          callback(err as Error);
        },
      );
    }

    child() {
      return this;
    }
  };
}

/** The caller's address as the limits count it: an IPv6 /64 is one address. */
export const clientAddress = (request: FastifyRequest): string => normalizeIP(request.ip);

const groupOf = (request: FastifyRequest): ThrottleGroup => request.routeOptions.config.throttle ?? 'anonymous';

/**
 * Throttles every route registered after it: a signed-in caller by user id,
 * anyone else by address (an IPv6 /64 counts as one address). Routes that must
 * not be throttled say `config: { rateLimit: false }`. Over the limit: 429 in
 * the error envelope, with Retry-After and the RateLimit-* headers.
 */
export async function installRateLimits(app: FastifyInstance, store: ThrottleStore, plan: UsagePlan, clock: Clock) {
  // Every throttled route can answer 429: its schema says so (routes without response schemas document nothing).
  app.addHook('onRoute', (route) => {
    if (route.config?.rateLimit === false || !route.schema?.response) return;
    route.schema = { ...route.schema, response: { ...route.schema.response, ...errors(429) } };
  });
  const ruleFor = (request: FastifyRequest) => (request.userId ? plan.perUser : plan.perAddress[groupOf(request)]);
  await app.register(rateLimit, {
    hook: 'onRequest',
    enableDraftSpec: true,
    store: pluginStoreOver(store, clock, (err) => {
      app.log.warn({ err }, 'rate-limit counters unreachable; request let through');
    }),
    // Counters out of reach should not take the whole API down with them.
    skipOnError: true,
    keyGenerator: (request) => (request.userId ? `user:${request.userId}` : `${groupOf(request)}:${clientAddress(request)}`),
    max: (request) => ruleFor(request).limit,
    timeWindow: (request) => ruleFor(request).windowMs,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError('rate_limited', `Too many requests; try again in ${context.after}`, Math.ceil(context.ttl / 1000)),
  });
}
