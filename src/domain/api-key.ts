import { hashSecret, newSecret } from './ids.js';

/** What an API key may do; a key can do nothing else (it never manages keys, passwords or sign-in). */
export const SCOPES = ['photos:read', 'photos:write', 'photos:delete', 'shares:read', 'shares:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** A user's keys at most; a key is cheap to make and must be revoked to free its place. */
export const MAX_API_KEYS_PER_USER = 50;
export const MAX_API_KEY_DAYS = 3650;

/** Recognisable in a leaked config or a secret scanner's rules. */
const KEY_PREFIX = 'psk_';
const KEY_PATTERN = /^psk_[A-Za-z0-9_-]{43}$/;

export interface ApiKey {
  keyId: string;
  userId: string;
  name: string;
  scopes: Scope[];
  /** SHA-256 of the key: the key itself is shown once and never stored. */
  keyHash: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const newApiKeySecret = (): string => `${KEY_PREFIX}${newSecret()}`;

export const looksLikeApiKey = (value: string): boolean => KEY_PATTERN.test(value);

/** API keys are stored as their SHA-256, as every bearer secret is. */
export const hashApiKey = hashSecret;

export const isLive = (key: ApiKey, now: Date): boolean => key.expiresAt === null || Date.parse(key.expiresAt) > now.getTime();
