import type { ApiKey, Scope } from '../../domain/api-key.js';
import type { ApiKeyRepo } from '../../ports/api-key-repo.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface ApiKeyRow {
  key_id: string;
  user_id: string;
  key_hash: string;
  name: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  keyId: row.key_id,
  userId: row.user_id,
  keyHash: row.key_hash,
  name: row.name,
  scopes: JSON.parse(row.scopes) as Scope[],
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

export class SqliteApiKeyRepo implements ApiKeyRepo {
  constructor(private readonly db: SqliteDatabase) {}

  async create(key: ApiKey, maxPerUser: number): Promise<boolean> {
    // Counted and inserted in one transaction: two creates cannot both take the last place.
    return this.db
      .transaction(() => {
        const { n } = this.db.prepare('SELECT count(*) AS n FROM api_keys WHERE user_id = ?').get(key.userId) as { n: number };
        if (n >= maxPerUser) return false;
        this.db
          .prepare(
            `INSERT INTO api_keys (key_id, user_id, key_hash, name, scopes, created_at, expires_at, last_used_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            key.keyId,
            key.userId,
            key.keyHash,
            key.name,
            JSON.stringify(key.scopes),
            key.createdAt,
            key.expiresAt,
            key.lastUsedAt,
          );
        return true;
      })
      .immediate();
  }

  async list(userId: string): Promise<ApiKey[]> {
    const rows = this.db
      .prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, key_id DESC')
      .all(userId) as ApiKeyRow[];
    return rows.map(toApiKey);
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ?').get(keyHash) as ApiKeyRow | undefined;
    return row ? toApiKey(row) : null;
  }

  async delete(userId: string, keyId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_keys WHERE key_id = ? AND user_id = ?').run(keyId, userId).changes > 0;
  }

  async touch(key: ApiKey, at: string): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE key_id = ?').run(at, key.keyId);
  }
}
