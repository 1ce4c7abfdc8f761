import {
  MAX_API_KEY_DAYS,
  MAX_API_KEYS_PER_USER,
  hashApiKey,
  isLive,
  looksLikeApiKey,
  newApiKeySecret,
  type ApiKey,
  type Scope,
} from '../domain/api-key.js';
import { AppError, TooManyRequestsError, badRequest, conflict, forbidden, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { stripInvisible } from '../domain/text.js';
import type { ApiKeyRepo } from '../ports/api-key-repo.js';
import type { Clock } from '../ports/clock.js';
import type { ThrottleStore } from '../ports/throttle-store.js';

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  expiresInDays?: number | undefined;
}

export interface DailyQuota {
  store: ThrottleStore;
  limit: number;
}

const DAY_MS = 86_400_000;

/** Last use is written at most this often per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;
const invalidKey = () => new AppError(401, 'invalid_api_key', 'The API key is not valid: unknown, revoked or expired');

/** Keys a user makes for scripts and apps: each acts as its user, within its scopes only. */
export class ApiKeyService {
  /** When this process last wrote each key's lastUsedAt (bounded like the keys a user may have). */
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepo,
    private readonly clock: Clock,
    /** Requests per key per UTC day, counted in the store; null counts nothing. */
    private readonly quota: DailyQuota | null = null,
  ) {}

  /** The new key, and its secret: shown here once, stored only as a hash. */
  async create(userId: string, request: NewApiKey): Promise<{ apiKey: ApiKey; secret: string }> {
    const name = stripInvisible(request.name).trim();
    if (!name) throw badRequest('name must have some visible characters');
    const days = request.expiresInDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_API_KEY_DAYS)) {
      throw badRequest(`expiresInDays must be a whole number from 1 to ${MAX_API_KEY_DAYS}`);
    }
    const now = this.clock.now();
    const secret = newApiKeySecret();
    const apiKey: ApiKey = {
      keyId: newId(),
      userId,
      name,
      scopes: [...new Set(request.scopes)],
      keyHash: hashApiKey(secret),
      createdAt: now.toISOString(),
      expiresAt: days === undefined ? null : new Date(now.getTime() + days * 86_400_000).toISOString(),
      lastUsedAt: null,
    };
    if (!(await this.keys.create(apiKey, MAX_API_KEYS_PER_USER))) {
      throw conflict(`You have ${MAX_API_KEYS_PER_USER} API keys, the most allowed: revoke one first`, 'too_many_api_keys');
    }
    return { apiKey, secret };
  }

  list(userId: string): Promise<ApiKey[]> {
    return this.keys.list(userId);
  }

  async revoke(userId: string, keyId: string): Promise<void> {
    if (!(await this.keys.delete(userId, keyId))) throw notFound('API key');
    this.touchedAt.delete(keyId);
  }

  /**
   * The live key behind a secret, allowed to do `scope` (what the route
   * needs; none: the route takes access tokens only) and within its daily
   * quota: or 401 invalid_api_key, 403 insufficient_scope, 429 quota_exceeded.
   */
  async authorize(secret: string, scope: Scope | undefined): Promise<ApiKey> {
    const apiKey = await this.authenticate(secret);
    if (!scope || !apiKey.scopes.includes(scope)) {
      throw forbidden(
        scope
          ? `This API key lacks the ${scope} scope it needs here; it has ${apiKey.scopes.join(', ')}`
          : 'API keys cannot be used here: sign in',
        'insufficient_scope',
      );
    }
    await this.countTowardsQuota(apiKey);
    return apiKey;
  }

  /** The live key behind a secret, or a 401. */
  private async authenticate(secret: string): Promise<ApiKey> {
    if (!looksLikeApiKey(secret)) throw invalidKey();
    const apiKey = await this.keys.findByHash(hashApiKey(secret));
    const now = this.clock.now();
    if (!apiKey || !isLive(apiKey, now)) throw invalidKey();
    const last = this.touchedAt.get(apiKey.keyId) ?? (apiKey.lastUsedAt ? Date.parse(apiKey.lastUsedAt) : 0);
    if (now.getTime() - last >= TOUCH_EVERY_MS) {
      this.touchedAt.delete(apiKey.keyId);
      if (this.touchedAt.size >= 10_000) this.touchedAt.clear();
      this.touchedAt.set(apiKey.keyId, now.getTime());
      await this.keys.touch(apiKey, now.toISOString());
    }
    return apiKey;
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
