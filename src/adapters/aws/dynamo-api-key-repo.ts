import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApiKey, Scope } from '../../domain/api-key.js';
import type { ApiKeyRepo } from '../../ports/api-key-repo.js';
import { unlessConditionFails } from './condition-failed.js';

const keyItem = (keyHash: string) => `apikey#${keyHash}`;
const ringItem = (userId: string) => `apikeys#${userId}`;

type Item = Record<string, unknown>;

// The owner is `keyUserId`, not `userId`: an item with userId and createdAt would show up in the byUser index (the library).
const toApiKey = (item: Item): ApiKey => ({
  keyId: item.keyId as string,
  userId: item.keyUserId as string,
  keyHash: item.keyHash as string,
  name: item.name as string,
  scopes: item.scopes as Scope[],
  createdAt: item.createdAt as string,
  expiresAt: (item.expiresAt as string | undefined) ?? null,
  lastUsedAt: (item.lastUsedAt as string | undefined) ?? null,
});

/**
 * API keys in the photo table: an `apikey#<hash>` item per key (the lookup a
 * request makes), and an `apikeys#<user>` ring mapping the user's key ids to
 * those hashes (the listing, and the cap: its size is checked as a key joins).
 */
export class DynamoApiKeyRepo implements ApiKeyRepo {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async create(key: ApiKey, maxPerUser: number): Promise<boolean> {
    await this.ignoringCondition(
      new PutCommand({
        TableName: this.table,
        Item: { pk: ringItem(key.userId), type: 'apikeys', keys: {} },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const joined = await this.ignoringCondition(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: ringItem(key.userId) },
        UpdateExpression: 'SET #keys.#id = :hash',
        ConditionExpression: 'size(#keys) < :max',
        ExpressionAttributeNames: { '#keys': 'keys', '#id': key.keyId },
        ExpressionAttributeValues: { ':hash': key.keyHash, ':max': maxPerUser },
      }),
    );
    if (!joined) return false;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: keyItem(key.keyHash),
            type: 'apikey',
            keyId: key.keyId,
            keyUserId: key.userId,
            keyHash: key.keyHash,
            name: key.name,
            scopes: key.scopes,
            createdAt: key.createdAt,
            expiresAt: key.expiresAt ?? undefined,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      await this.leaveRing(key.userId, key.keyId);
      throw err;
    }
    return true;
  }

  async list(userId: string): Promise<ApiKey[]> {
    const ring = await this.ring(userId);
    const hashes = Object.values(ring);
    if (hashes.length === 0) return [];
    const out = await this.doc.send(
      new BatchGetCommand({
        RequestItems: { [this.table]: { Keys: hashes.map((hash) => ({ pk: keyItem(hash) })), ConsistentRead: true } },
      }),
    );
    // A key whose own item is missing (a create cut short) is not listed.
    const keys = (out.Responses?.[this.table] ?? []).map(toApiKey).filter((key) => key.userId === userId);
    return keys.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.keyId.localeCompare(a.keyId));
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: keyItem(keyHash) }, ConsistentRead: true }),
    );
    return out.Item?.type === 'apikey' ? toApiKey(out.Item) : null;
  }

  async delete(userId: string, keyId: string): Promise<boolean> {
    const keyHash = (await this.ring(userId))[keyId];
    if (!keyHash) return false;
    // The key stops working first; the ring forgets it after.
    await this.ignoringCondition(
      new DeleteCommand({
        TableName: this.table,
        Key: { pk: keyItem(keyHash) },
        ConditionExpression: 'keyUserId = :user',
        ExpressionAttributeValues: { ':user': userId },
      }),
    );
    await this.leaveRing(userId, keyId);
    return true;
  }

  async touch(key: ApiKey, at: string): Promise<void> {
    await this.ignoringCondition(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: keyItem(key.keyHash) },
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  private async ring(userId: string): Promise<Record<string, string>> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: ringItem(userId) }, ConsistentRead: true }),
    );
    return (out.Item?.keys as Record<string, string> | undefined) ?? {};
  }

  private async leaveRing(userId: string, keyId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: ringItem(userId) },
        UpdateExpression: 'REMOVE #keys.#id',
        ExpressionAttributeNames: { '#keys': 'keys', '#id': keyId },
      }),
    );
  }

  /** Sends a conditional write; false when its condition did not hold. */
  private async ignoringCondition(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    return (await unlessConditionFails(this.doc.send(command as never))) !== null;
  }
}
