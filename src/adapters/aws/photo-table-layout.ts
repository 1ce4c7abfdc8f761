import { DEFAULT_TABLE_NAME } from '../../config.js';

/**
 * The DynamoDB table's names and keys, in one place: the adapter queries by
 * them, infra/ creates the table from them, and the compose and emulator
 * definitions are checked against `createTableInput` (test/infra/compose.test.ts,
 * test/infra/storage-and-data.test.ts). The index keys are the items' own
 * fields (a photo's userId and createdAt, a share's sharePhotoId); the
 * PhotoRepo contract tests run the adapter on a table made from this layout.
 */
export const PHOTO_TABLE = {
  defaultName: DEFAULT_TABLE_NAME,
  partitionKey: 'pk',
  /** Epoch seconds after which DynamoDB may delete an item (rate-limit counters only). */
  timeToLive: 'purgeAt',
  indexes: {
    /** A user's library, newest first. */
    byUser: { name: 'byUser', partitionKey: 'userId', sortKey: 'createdAt' },
    /**
     * A user's library, newest taken first: `takenKey` is `<takenSort>#<photoId>` (taken, else uploaded; ties by
     * photo id), written on every photo item (create, and markReady once the date taken is known). A trashed photo
     * has no `userId`, so it is not in this index either.
     */
    byTaken: { name: 'byTaken', partitionKey: 'userId', sortKey: 'takenKey' },
    /** A photo's share links. */
    byPhoto: { name: 'byPhoto', partitionKey: 'sharePhotoId', sortKey: 'createdAt' },
    /** A user's favourites, newest first: sparse, `favoriteOf` (the owner's id) is set only on a favourite. */
    byFavorite: { name: 'byFavorite', partitionKey: 'favoriteOf', sortKey: 'createdAt' },
    /**
     * Groups of items, one index for several kinds (CloudFormation adds one index per stack update): `groupKey`
     * names the group, `groupSort` orders it, newest last. Groups: `trash#<userId>` (a user's trashed photos, by
     * trashedAt), `purge#0`…`purge#7` (one `purge#<photoId>` item per trashed photo, by trashedAt), `albums#<userId>`
     * (a user's albums, by createdAt), `album#<albumId>` (its `member#` items, by the photo's date taken),
     * `albumshares#<albumId>` (an album's links) and `accountdeletions` (`accountdel#<userId>` items, by requestedAt).
     */
    byGroup: { name: 'byGroup', partitionKey: 'groupKey', sortKey: 'groupSort' },
  },
} as const;

/** The CreateTable request for the table (emulators, LocalStack's init script). */
export function createTableInput(tableName: string = PHOTO_TABLE.defaultName) {
  const indexes = Object.values(PHOTO_TABLE.indexes);
  const attributes = [PHOTO_TABLE.partitionKey, ...new Set(indexes.flatMap((i) => [i.partitionKey, i.sortKey]))];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [{ AttributeName: PHOTO_TABLE.partitionKey, KeyType: 'HASH' as const }],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
