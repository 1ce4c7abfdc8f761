import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccountDeletion, AccountDeletionRepo, DeletionPosition } from '../../ports/account-deletions.js';
import { unlessConditionFails } from './condition-failed.js';
import { PHOTO_TABLE } from './photo-table-layout.js';
import { deleteKeys } from './delete-keys.js';

type Item = Record<string, unknown>;

const byGroup = PHOTO_TABLE.indexes.byGroup;
const deletionKey = (userId: string) => `accountdel#${userId}`;
/** Every deletion in one group of byGroup, by requestedAt: deletions are rare, and the worker reads them all. */
export const DELETIONS_GROUP = 'accountdeletions';
const albumSharesGroup = (albumId: string) => `albumshares#${albumId}`;

// The owner is `deletedUserId`, not `userId`: an item with userId would show up in the byUser index (the library).
const toDeletion = (item: Item): AccountDeletion => ({
  userId: item.deletedUserId as string,
  requestedAt: item.requestedAt as string,
  keepUntil: item.keepUntil as string,
  identityDeleted: item.identityDeleted === true,
});

/**
 * `accountdel#<userId>` items in the photo table, in the `accountdeletions` group of byGroup (the worker's to-do
 * list), and the deletion of what a user leaves beside their photos: album links (`share#`/`token#` items in an
 * album's `albumshares#` group) and the `usage#`, `albums#` and `apikeys#` counter items.
 */
export class DynamoAccountDeletions implements AccountDeletionRepo {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async record(deletion: AccountDeletion): Promise<AccountDeletion> {
    await unlessConditionFails(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: deletionKey(deletion.userId),
            type: 'accountdel',
            deletedUserId: deletion.userId,
            requestedAt: deletion.requestedAt,
            keepUntil: deletion.keepUntil,
            identityDeleted: deletion.identityDeleted,
            [byGroup.partitionKey]: DELETIONS_GROUP,
            [byGroup.sortKey]: deletion.requestedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return (await this.get(deletion.userId)) ?? deletion;
  }

  async get(userId: string): Promise<AccountDeletion | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: deletionKey(userId) }, ConsistentRead: true }),
    );
    return out.Item ? toDeletion(out.Item) : null;
  }

  async markIdentityDeleted(userId: string): Promise<void> {
    await unlessConditionFails(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: deletionKey(userId) },
          UpdateExpression: 'SET identityDeleted = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      ),
    );
  }

  async list(limit: number, after?: DeletionPosition): Promise<AccountDeletion[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: byGroup.name,
        KeyConditionExpression: `${byGroup.partitionKey} = :g`,
        ExpressionAttributeValues: { ':g': DELETIONS_GROUP },
        Limit: limit,
        ...(after && {
          ExclusiveStartKey: {
            pk: deletionKey(after.userId),
            [byGroup.partitionKey]: DELETIONS_GROUP,
            [byGroup.sortKey]: after.requestedAt,
          },
        }),
      }),
    );
    return (out.Items ?? []).map(toDeletion);
  }

  async deleteAlbumLinks(albumId: string): Promise<void> {
    let startKey: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: byGroup.name,
          KeyConditionExpression: `${byGroup.partitionKey} = :g`,
          ExpressionAttributeValues: { ':g': albumSharesGroup(albumId) },
          ProjectionExpression: 'pk, tokenHash',
          Limit: 100,
          ExclusiveStartKey: startKey,
        }),
      );
      // The token first: a link whose token is gone is found by no visitor, whatever is left of it.
      const items = out.Items ?? [];
      await this.deleteItems(items.map((item) => `token#${item.tokenHash as string}`));
      await this.deleteItems(items.map((item) => item.pk as string));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  async forgetUser(userId: string): Promise<void> {
    await this.deleteItems([`usage#${userId}`, `albums#${userId}`, `apikeys#${userId}`]);
  }

  async remove(userId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: deletionKey(userId) } }));
  }

  private deleteItems(keys: string[]): Promise<void> {
    return deleteKeys(this.doc, this.table, keys);
  }
}
