import type { ApiKey } from '../domain/api-key.js';

export interface ApiKeyRepo {
  /** Stores a new key; false, storing nothing, when its user already has `maxPerUser` keys. */
  create(key: ApiKey, maxPerUser: number): Promise<boolean>;
  /** A user's keys, newest first. */
  list(userId: string): Promise<ApiKey[]>;
  findByHash(keyHash: string): Promise<ApiKey | null>;
  /** Deletes the user's key; false when they have none by that id. */
  delete(userId: string, keyId: string): Promise<boolean>;
  /** Records when the key was last used. */
  touch(key: ApiKey, at: string): Promise<void>;
}
