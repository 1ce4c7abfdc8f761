import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { takenSort, type Photo, type ProcessedResult } from '../../domain/photo.js';
import type { Share } from '../../domain/share.js';
import type {
  ExistingPhoto,
  LibraryUsage,
  ListQuery,
  PhotoCreation,
  PhotoEdit,
  PhotoPage,
  PhotoRepo,
  ShareCreation,
  ShareListQuery,
  SharePage,
  TrashQuery,
} from '../../ports/photo-repo.js';

import { PHOTO_TABLE } from './photo-table-layout.js';
import { deleteKeys } from './delete-keys.js';
import { conditionFailed, failedConditions } from './condition-failed.js';
import { newestInPartition } from './newest-in-partition.js';
import { SEARCH_ATTRIBUTES, SEARCHED_TEXT, searchAttributes, takenKeyOf } from './dynamo-photo-search.js';

const { byUser, byTaken, byPhoto, byFavorite, byGroup } = PHOTO_TABLE.indexes;

/** A string set on a photo item: the albums it is in (written by the album repo with each membership). */
export const ALBUM_IDS = 'albumIds';
/** The owner of a trashed photo, which has no `userId` while in the trash (so it is in no library index). */
const TRASHED_OF = 'trashedOf';

const shareKey = (shareId: string) => `share#${shareId}`;
const tokenKey = (tokenHash: string) => `token#${tokenHash}`;
/** One per photo: the user's photo with these bytes, so that a duplicate upload is found by key. */
const shaKey = (userId: string, sha256: string) => `sha#${userId}#${sha256}`;

/** One per trashed photo, in the byGroup index's `purge` group by trashedAt: the purge's to-do list across users. */
const purgeKey = (photoId: string) => `purge#${photoId}`;
/** The purge's groups: spread over a few index partitions, so a bulk delete does not throttle on one. */
const PURGE_SHARDS = 8;
const purgeGroup = (photoId: string) => `purge#${photoId.charCodeAt(0) % PURGE_SHARDS}`;
const trashGroup = (userId: string) => `trash#${userId}`;

/** One per user: photos and bytes of originals, moved in the transaction of every create and delete. */
const usageKey = (userId: string) => `usage#${userId}`;

/**
 * The photo item's string set of its links that may still be live, one
 * `<expiresAt> <shareId>` entry each: the bound on live links is a
 * conditional ADD on its size. An entry leaves when its link is revoked, and
 * is pruned once the time in it has passed.
 */
const LIVE_SHARES = 'liveShares';
/** The item that holds a link's slot: its photo, or for an album link its album (`album#<albumId>`, dynamo-album-repo). */
const slotHolder = (share: Share) => (share.albumId ? `album#${share.albumId}` : share.photoId);
/** An album's links, in the byGroup index by createdAt. */
const albumSharesGroup = (albumId: string) => `albumshares#${albumId}`;
const slotOf = (share: Share) => `${share.expiresAt} ${share.shareId}`;
const slotExpiry = (slot: string) => slot.slice(0, slot.indexOf(' '));
/** A create that finds only slots other creates keep filling gives up after this many prunes. */
const MAX_SLOT_PRUNES = 5;

type Item = Record<string, unknown>;

/** A photo item as a Photo, without the attributes other writes keep on it; null for anything else. */
export function toPhoto(item: Item | undefined): Photo | null {
  if (!item || item.type !== 'photo') return null;
  const {
    pk: _pk,
    type: _type,
    [LIVE_SHARES]: _slots,
    [byFavorite.partitionKey]: _favoriteOf,
    usageCounted: _usageCounted,
    [ALBUM_IDS]: _albumIds,
    [byGroup.partitionKey]: _groupKey,
    [byGroup.sortKey]: _groupSort,
    [TRASHED_OF]: trashedOf,
    ...rest
  } = item;
  const searchOnly = new Set<string>(SEARCH_ATTRIBUTES);
  const photo = Object.fromEntries(Object.entries(rest).filter(([name]) => !searchOnly.has(name)));
  // A trashed photo leaves the byUser index: its owner moves from userId to trashedOf until it is restored.
  return (trashedOf === undefined ? photo : { ...photo, userId: trashedOf }) as unknown as Photo;
}

function toShare(item: Item | undefined): Share | null {
  if (!item || item.type !== 'share') return null;
  return {
    shareId: item.shareId as string,
    photoId: (item.sharePhotoId as string | undefined) ?? '',
    albumId: (item.shareAlbumId as string | undefined) ?? null,
    userId: item.shareUserId as string,
    tokenHash: item.tokenHash as string,
    variant: item.variant as Share['variant'],
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as string,
    revokedAt: (item.revokedAt as string | undefined) ?? null,
    views: (item.views as number | undefined) ?? 0,
    passwordHash: (item.passwordHash as string | undefined) ?? null,
    allowDownload: item.allowDownload === true,
    maxViews: (item.maxViews as number | undefined) ?? null,
    sealedToken: (item.sealedToken as string | undefined) ?? null,
  };
}

/**
 * A listing's filters as one FilterExpression over the search attributes (dynamo-photo-search.ts): every filter
 * must hold, and each word must be in one of the searched fields (a substring match). Null without filters.
 */
function listFilter(query: ListQuery): { expression: string; values: Item } | null {
  const terms: string[] = [];
  const values: Item = {};
  const byDateTaken = query.order === 'taken';
  // In date-taken order favourites are a filter (byFavorite is by upload time), and from/to bound the key instead.
  if (byDateTaken && query.favorite) terms.push(`attribute_exists(${byFavorite.partitionKey})`);
  if (query.tag) {
    terms.push('contains(tags, :tag)');
    values[':tag'] = query.tag;
  }
  if (query.label) {
    terms.push('contains(labelNames, :label)');
    values[':label'] = query.label;
  }
  if (query.camera) {
    terms.push('contains(cameraNames, :camera)');
    values[':camera'] = query.camera;
  }
  for (const [i, word] of (query.words ?? []).entries()) {
    terms.push(`(${SEARCHED_TEXT.map((name) => `contains(${name}, :w${i})`).join(' OR ')})`);
    values[`:w${i}`] = word;
  }
  if (query.albumId) {
    terms.push(`contains(${ALBUM_IDS}, :album)`);
    values[':album'] = query.albumId;
  }
  if (query.from && !byDateTaken) {
    terms.push('(takenSort >= :from OR (attribute_not_exists(takenSort) AND s_created >= :from))');
    values[':from'] = query.from;
  }
  if (query.to && !byDateTaken) {
    terms.push('(takenSort < :to OR (attribute_not_exists(takenSort) AND s_created < :to))');
    values[':to'] = query.to;
  }
  return terms.length > 0 ? { expression: terms.join(' AND '), values } : null;
}

/**
 * The PhotoMetadata table: photos keyed by their id (GSI byUser on userId +
 * createdAt for the library), shares as `share#` items (GSI byPhoto) with a
 * `token#` item per public link. Every write is conditional so a retried or
 * raced write never brings back a deleted photo or undoes a ready one.
 */
export class DynamoPhotoRepo implements PhotoRepo {
  private readonly doc: DynamoDBDocumentClient;

  /**
   * `filterBound`: photos a filtered listing (a tag) reads at most per request, so a rare tag never makes one
   * request read a whole library; the page then comes back short, with a cursor to read on.
   */
  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly filterBound = 1000,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /**
   * The photo, its `sha#` item and its user's `usage#` count in one transaction: the bytes' item exists only while
   * its photo does, and the count (checked against the quota in the same write) moves only with them.
   */
  async create(photo: Photo, quotaBytes: number | null = null, retry = true): Promise<PhotoCreation> {
    if (quotaBytes !== null && photo.size > quotaBytes) return { created: false, overQuota: true };
    const sha = shaKey(photo.userId, photo.sha256);
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                // usageCounted: this photo is in its user's usage#, so its delete takes it out again.
                Item: {
                  ...photo,
                  ...searchAttributes(photo).set,
                  [byTaken.sortKey]: takenKeyOf(photo),
                  pk: photo.photoId,
                  type: 'photo',
                  usageCounted: true,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { pk: sha, type: 'sha', photoId: photo.photoId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk: usageKey(photo.userId) },
                UpdateExpression: 'SET #type = :usage ADD photos :one, #bytes :size',
                ...(quotaBytes !== null && { ConditionExpression: 'attribute_not_exists(#bytes) OR #bytes <= :room' }),
                ExpressionAttributeNames: { '#type': 'type', '#bytes': 'bytes' },
                ExpressionAttributeValues: {
                  ':usage': 'usage',
                  ':one': 1,
                  ':size': photo.size,
                  ...(quotaBytes !== null && { ':room': quotaBytes - photo.size }),
                },
              },
            },
          ],
        }),
      );
      return { created: true };
    } catch (err) {
      const failed = failedConditions(err);
      if (!failed) throw err;
      if (failed[1]) {
        const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: sha }, ConsistentRead: true }));
        const duplicateOf = existing.Item?.photoId as string | undefined;
        if (duplicateOf) return { created: false, duplicateOf };
        // The photo with these bytes was deleted in between: they are free again.
        if (retry) return this.create(photo, quotaBytes, false);
      }
      if (failed[2]) return { created: false, overQuota: true };
      throw err; // the photo id itself was taken: not a refusal, a bug
    }
  }

  async usage(userId: string): Promise<LibraryUsage> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: usageKey(userId) }, ConsistentRead: true }),
    );
    return { photos: (out.Item?.photos as number | undefined) ?? 0, bytes: (out.Item?.bytes as number | undefined) ?? 0 };
  }

  async findBySha256(userId: string, hashes: string[]): Promise<ExistingPhoto[]> {
    const found: ExistingPhoto[] = [];
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] = unique.slice(i, i + 100).map((hash) => ({ pk: shaKey(userId, hash) }));
      while (keys.length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
        for (const item of out.Responses?.[this.table] ?? []) {
          found.push({ sha256: (item.pk as string).slice(shaKey(userId, '').length), photoId: item.photoId as string });
        }
        keys = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Item[];
      }
    }
    return found;
  }

  async get(photoId: string): Promise<Photo | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: photoId }, ConsistentRead: true }));
    return toPhoto(out.Item);
  }

  /**
   * Not kept: a version item would cost a second write on every change, and a
   * listing here is one Query anyway. Pages are built afresh each time.
   */
  async libraryVersion(): Promise<null> {
    return null;
  }

  async list(query: ListQuery): Promise<PhotoPage> {
    if (query.order === 'taken') return this.listByTaken(query);
    const items: Photo[] = [];
    // Favourites have an index of their own (sparse: only favourites carry its key); a tag is a filter.
    const index = query.favorite ? byFavorite : byUser;
    let startKey: Item | undefined = query.after
      ? { pk: query.after.photoId, [index.partitionKey]: query.userId, createdAt: query.after.createdAt }
      : undefined;
    const filter = listFilter(query);
    // Filtering happens after DynamoDB's Limit, so read pages until one more than asked is found, or the bound is read.
    let read = 0;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index.name,
          KeyConditionExpression: `${index.partitionKey} = :u`,
          ExpressionAttributeValues: { ':u': query.userId, ...filter?.values },
          ...(filter && { FilterExpression: filter.expression }),
          ScanIndexForward: false,
          // Filtered, read as much as the bound allows at once rather than a page's worth at a time.
          Limit: filter ? Math.max(query.limit + 1, this.filterBound - read) : query.limit + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const photo = toPhoto(item);
        if (photo) items.push(photo);
      }
      startKey = out.LastEvaluatedKey;
      read += out.ScannedCount ?? 0;
    } while (startKey && items.length <= query.limit && read < this.filterBound);
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    if (items.length > query.limit && last) return { items: page, next: { createdAt: last.createdAt, photoId: last.photoId } };
    // Stopped at the bound with more to read: a short page, continued from the last photo read.
    const resume = startKey && { createdAt: startKey.createdAt as string, photoId: startKey.pk as string };
    return { items: page, next: resume ?? null };
  }

  /**
   * The library newest taken first, on byTaken: `from`/`to` bound its key (`<takenSort>#<photoId>`, so `BETWEEN from
   * AND to` is exactly taken at or after `from` and before `to`), the other filters are a FilterExpression read
   * under the same bound as `list`'s. A position's `createdAt` is the photo's takenSort.
   */
  private async listByTaken(query: ListQuery): Promise<PhotoPage> {
    const sortKey = byTaken.sortKey;
    const found: { photo: Photo; key: string }[] = [];
    let startKey: Item | undefined = query.after
      ? {
          pk: query.after.photoId,
          [byTaken.partitionKey]: query.userId,
          [sortKey]: `${query.after.createdAt}#${query.after.photoId}`,
        }
      : undefined;
    const filter = listFilter(query);
    const range =
      query.from && query.to
        ? ' AND #taken BETWEEN :from AND :to'
        : query.from
          ? ' AND #taken >= :from'
          : query.to
            ? ' AND #taken < :to'
            : '';
    let read = 0;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: byTaken.name,
          KeyConditionExpression: `#user = :u${range}`,
          ExpressionAttributeNames: { '#user': byTaken.partitionKey, ...(range && { '#taken': sortKey }) },
          ExpressionAttributeValues: {
            ':u': query.userId,
            ...(query.from && { ':from': query.from }),
            ...(query.to && { ':to': query.to }),
            ...filter?.values,
          },
          ...(filter && { FilterExpression: filter.expression }),
          ScanIndexForward: false,
          Limit: filter ? Math.max(query.limit + 1, this.filterBound - read) : query.limit + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const photo = toPhoto(item);
        if (photo) found.push({ photo, key: item[sortKey] as string });
      }
      startKey = out.LastEvaluatedKey;
      read += out.ScannedCount ?? 0;
    } while (startKey && found.length <= query.limit && read < this.filterBound);
    const position = (key: string, photoId: string) => ({ createdAt: key.slice(0, key.lastIndexOf('#')), photoId });
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = page.map((f) => f.photo);
    if (found.length > query.limit && last) return { items, next: position(last.key, last.photo.photoId) };
    const resume = startKey && position(startKey[sortKey] as string, startKey.pk as string);
    return { items, next: resume ?? null };
  }

  /**
   * Photo items written before byTaken have no `takenKey`, so they are missing from the date-taken listing until
   * something puts it: this does, for every photo item that lacks one (trashed ones too, for their restore), at most
   * `maxItems` per call (`more`: stopped there). It scans the table, so it is not run for ever: a `migration#takenKey`
   * item records that a whole pass found nothing left to write (`done`), and later calls read only that item. Each
   * write is conditional on the photo still existing without the key, so it is idempotent and safe beside live
   * traffic. The worker runs it (worker/backfill-runner.ts).
   */
  async backfillTakenKeys(maxItems = 1000): Promise<{ written: number; more: boolean; done: boolean }> {
    const marker = { pk: 'migration#takenKey' };
    const known = await this.doc.send(new GetCommand({ TableName: this.table, Key: marker, ConsistentRead: true }));
    if (known.Item) return { written: 0, more: false, done: true };
    let written = 0;
    let startKey: Item | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: '#type = :photo AND attribute_not_exists(#taken)',
          ExpressionAttributeNames: { '#type': 'type', '#taken': byTaken.sortKey },
          ExpressionAttributeValues: { ':photo': 'photo' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const photo = toPhoto(item);
        if (!photo) continue;
        // Each call reads from the start again: what it wrote no longer matches the filter.
        if (written >= maxItems) return { written, more: true, done: false };
        try {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: photo.photoId },
              UpdateExpression: 'SET #taken = :key',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#taken)',
              ExpressionAttributeNames: { '#taken': byTaken.sortKey },
              ExpressionAttributeValues: { ':key': takenKeyOf(photo) },
            }),
          );
          written += 1;
        } catch (err) {
          if (!conditionFailed(err)) throw err;
        }
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    if (written > 0) return { written, more: false, done: false };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...marker, type: 'migration' } }));
    return { written, more: false, done: true };
  }

  /**
   * SET the given attributes on an existing photo, and with `also` copy one attribute into another or REMOVE
   * some, in one conditional update; null when it does not exist (or the condition fails).
   */
  private async set(
    photoId: string,
    values: Item,
    also: { condition?: { expression: string; values: Item }; copy?: [to: string, from: string]; remove?: string[] } = {},
  ): Promise<Photo | null> {
    const names: Record<string, string> = {};
    const vals: Item = { ...also.condition?.values };
    const sets = Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#a${i}`] = name;
        vals[`:v${i}`] = value;
        return `#a${i} = :v${i}`;
      });
    if (also.copy) {
      [names['#copyTo'], names['#copyFrom']] = also.copy;
      sets.push('#copyTo = #copyFrom');
    }
    const removes = (also.remove ?? []).map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    if (also.condition?.expression.includes('#status')) names['#status'] = 'status';
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: photoId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: ['attribute_exists(pk)', also.condition?.expression].filter(Boolean).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: vals,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPhoto(out.Attributes);
    } catch (err) {
      if (conditionFailed(err)) return null;
      throw err;
    }
  }

  async update(photoId: string, edit: PhotoEdit, now: Date): Promise<Photo | null> {
    const values: Item = { ...edit, ...searchAttributes(edit).set, updatedAt: now.toISOString() };
    // The sparse favourites index is keyed on the owner's id, copied from the item's own userId in the same update.
    if (edit.favorite === true) {
      // Only while in the library: a photo trashed meanwhile has no userId to copy (the update would be refused).
      return this.set(photoId, values, {
        copy: [byFavorite.partitionKey, byUser.partitionKey],
        condition: { expression: 'attribute_exists(userId)', values: {} },
      });
    }
    if (edit.favorite === false) return this.set(photoId, values, { remove: [byFavorite.partitionKey] });
    return this.set(photoId, values);
  }

  async markReady(photoId: string, result: ProcessedResult, now: Date): Promise<void> {
    const search = searchAttributes(result);
    // The date taken is known now: the photo moves to its place in byTaken (without one it keeps its upload time's).
    const taken = result.takenAt ? takenSort({ takenAt: result.takenAt, createdAt: '' }) : '';
    await this.set(
      photoId,
      {
        ...result,
        ...search.set,
        ...(taken && { [byTaken.sortKey]: `${taken}#${photoId}` }),
        status: 'ready',
        error: null,
        updatedAt: now.toISOString(),
      },
      { remove: search.remove },
    );
  }

  async markFailed(photoId: string, error: string, now: Date): Promise<void> {
    await this.set(
      photoId,
      { status: 'failed', error, updatedAt: now.toISOString() },
      { condition: { expression: '#status <> :ready', values: { ':ready': 'ready' } } },
    );
  }

  /**
   * The photo, its bytes' item and its share in the usage in one transaction, conditional on the photo still being
   * there (two deletes at once count it once). Only what this photo's create wrote is undone: a `sha#` item naming
   * another photo (the same bytes uploaded again while this one predated `sha#` items) stays, and a photo recorded
   * before `usage#` items (no `usageCounted`) takes nothing off the usage.
   */
  async delete(photoId: string): Promise<void> {
    const item = (await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: photoId }, ConsistentRead: true })))
      .Item;
    const photo = toPhoto(item);
    if (photo) {
      const sha = shaKey(photo.userId, photo.sha256);
      const shaItem = (await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: sha }, ConsistentRead: true })))
        .Item;
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: this.table, Key: { pk: photoId }, ConditionExpression: 'attribute_exists(pk)' } },
              { Delete: { TableName: this.table, Key: { pk: purgeKey(photoId) } } },
              ...(shaItem?.photoId === photoId
                ? [
                    {
                      Delete: {
                        TableName: this.table,
                        Key: { pk: sha },
                        ConditionExpression: 'photoId = :photoId',
                        ExpressionAttributeValues: { ':photoId': photoId },
                      },
                    },
                  ]
                : []),
              ...(item?.usageCounted === true
                ? [
                    {
                      Update: {
                        TableName: this.table,
                        Key: { pk: usageKey(photo.userId) },
                        UpdateExpression: 'ADD photos :minusOne, #bytes :minusSize',
                        ExpressionAttributeNames: { '#bytes': 'bytes' },
                        ExpressionAttributeValues: { ':minusOne': -1, ':minusSize': -photo.size },
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
      } catch (err) {
        // Deleted meanwhile by another request: it undid all of this; the shares below are cleared either way.
        if (!failedConditions(err)?.[0]) throw err;
      }
    }
    const shares = await this.everyShare(photoId);
    const keys = shares.flatMap((s) => [shareKey(s.shareId), tokenKey(s.tokenHash)]);
    await deleteKeys(this.doc, this.table, keys);
  }

  /**
   * The photo leaves the byUser and byFavorite indexes (its owner moves from `userId` to `trashedOf`) and joins its
   * owner's trash group, and a `purge#` item is written, in one transaction; then its links are revoked. A crash
   * before the revocations is made good by `restore`, which revokes again; until then `ShareService.open` refuses a
   * trashed photo's links anyway.
   */
  async trash(photo: Photo, now: Date): Promise<Photo | null> {
    const at = now.toISOString();
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: photo.photoId },
                UpdateExpression:
                  'SET trashedAt = :at, updatedAt = :at, #trashedOf = :u, #group = :group, #groupSort = :at REMOVE #userId, #favoriteOf',
                ConditionExpression: '#userId = :u AND attribute_not_exists(trashedAt)',
                ExpressionAttributeNames: {
                  '#trashedOf': TRASHED_OF,
                  '#group': byGroup.partitionKey,
                  '#groupSort': byGroup.sortKey,
                  '#userId': byUser.partitionKey,
                  '#favoriteOf': byFavorite.partitionKey,
                },
                ExpressionAttributeValues: { ':at': at, ':u': photo.userId, ':group': trashGroup(photo.userId) },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk: purgeKey(photo.photoId),
                  type: 'purge',
                  photoId: photo.photoId,
                  [byGroup.partitionKey]: purgeGroup(photo.photoId),
                  [byGroup.sortKey]: at,
                },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (failedConditions(err)?.[0]) return null;
      throw err;
    }
    await this.revokeLiveShares(photo.photoId, now);
    return this.get(photo.photoId);
  }

  async restore(photo: Photo, now: Date): Promise<Photo | null> {
    const current = await this.get(photo.photoId);
    if (!current?.trashedAt || current.userId !== photo.userId) return null;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: photo.photoId },
                UpdateExpression: `SET #userId = #trashedOf, updatedAt = :at${current.favorite ? ', #favoriteOf = #trashedOf' : ''} REMOVE trashedAt, #trashedOf, #group, #groupSort`,
                ConditionExpression: '#trashedOf = :u AND attribute_exists(trashedAt) AND attribute_not_exists(purgingAt)',
                ExpressionAttributeNames: {
                  '#trashedOf': TRASHED_OF,
                  '#group': byGroup.partitionKey,
                  '#groupSort': byGroup.sortKey,
                  '#userId': byUser.partitionKey,
                  ...(current.favorite && { '#favoriteOf': byFavorite.partitionKey }),
                },
                ExpressionAttributeValues: { ':at': now.toISOString(), ':u': photo.userId },
              },
            },
            { Delete: { TableName: this.table, Key: { pk: purgeKey(photo.photoId) } } },
          ],
        }),
      );
    } catch (err) {
      if (failedConditions(err)?.[0]) return null;
      throw err;
    }
    // Links stay revoked, including any a crash kept `trash` from revoking.
    await this.revokeLiveShares(photo.photoId, now);
    return this.get(photo.photoId);
  }

  async claimPurge(photoId: string, now: Date): Promise<Photo | null> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: photoId },
          UpdateExpression: 'SET purgingAt = :now',
          ConditionExpression: 'attribute_exists(trashedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPhoto(out.Attributes);
    } catch (err) {
      if (conditionFailed(err)) return null;
      throw err;
    }
  }

  private async revokeLiveShares(photoId: string, now: Date): Promise<void> {
    for (const share of await this.everyShare(photoId)) {
      if (!share.revokedAt) await this.revokeShare(share.shareId, now);
    }
  }

  async listTrash(query: TrashQuery): Promise<PhotoPage> {
    const group = trashGroup(query.userId);
    const items = await newestInPartition(this.doc, {
      table: this.table,
      index: byGroup,
      partition: group,
      limit: query.limit,
      startKey: query.after && {
        pk: query.after.photoId,
        [byGroup.partitionKey]: group,
        [byGroup.sortKey]: query.after.createdAt,
      },
      convert: toPhoto,
    });
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    const next = items.length > query.limit && last?.trashedAt ? { createdAt: last.trashedAt, photoId: last.photoId } : null;
    return { items: page, next };
  }

  /**
   * The `purge#<n>` groups, oldest first across them, and the photos their items name (an item whose photo is gone,
   * or back in the library, is deleted).
   */
  async listTrashedBefore(trashedBefore: string, limit: number): Promise<Photo[]> {
    const shards = await Promise.all(
      Array.from({ length: PURGE_SHARDS }, (_, shard) =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: byGroup.name,
            KeyConditionExpression: '#group = :group AND #groupSort <= :before',
            ExpressionAttributeNames: { '#group': byGroup.partitionKey, '#groupSort': byGroup.sortKey },
            ExpressionAttributeValues: { ':group': `purge#${shard}`, ':before': trashedBefore },
            Limit: limit,
          }),
        ),
      ),
    );
    const oldest = shards
      .flatMap((out) => out.Items ?? [])
      .sort((a, b) => String(a[byGroup.sortKey]).localeCompare(String(b[byGroup.sortKey])))
      .slice(0, limit);
    const photos: Photo[] = [];
    for (const item of oldest) {
      const photoId = item.photoId as string;
      const photo = await this.get(photoId);
      // Read again, strongly: the index may still show a photo restored (and perhaps trashed again) since.
      if (photo?.trashedAt && photo.trashedAt <= trashedBefore) photos.push(photo);
      else if (!photo?.trashedAt)
        await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: purgeKey(photoId) } }));
    }
    return photos;
  }

  /**
   * A slot on the photo item first (the bound, and the photo's existence,
   * checked in one conditional write), then the share, then its token. A
   * failed write gives the slot back; a crash part-way leaves a slot (and
   * perhaps a share whose link was never handed out) that counts until its
   * expiry: the bound can be undershot, never overshot.
   */
  async createShare(share: Share, maxLive: number): Promise<ShareCreation> {
    const reserved = await this.reserveSlot(share, maxLive);
    if (reserved !== 'created') return reserved;
    let stored = false;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: shareKey(share.shareId),
            type: 'share',
            shareId: share.shareId,
            // A photo's links are in byPhoto; an album's in its byGroup group (sharePhotoId absent).
            ...(share.albumId
              ? {
                  shareAlbumId: share.albumId,
                  [byGroup.partitionKey]: albumSharesGroup(share.albumId),
                  [byGroup.sortKey]: share.createdAt,
                }
              : { sharePhotoId: share.photoId }),
            shareUserId: share.userId,
            tokenHash: share.tokenHash,
            variant: share.variant,
            createdAt: share.createdAt,
            expiresAt: share.expiresAt,
            ...(share.revokedAt && { revokedAt: share.revokedAt }),
            views: share.views,
            ...(share.passwordHash && { passwordHash: share.passwordHash }),
            allowDownload: share.allowDownload,
            ...(share.maxViews !== null && { maxViews: share.maxViews }),
            ...(share.sealedToken && { sealedToken: share.sealedToken }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      stored = true;
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: tokenKey(share.tokenHash), type: 'token', shareId: share.shareId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      // Best effort: whatever is left counts until it expires, and the first error is the one to report.
      try {
        if (stored) await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: shareKey(share.shareId) } }));
        await this.releaseSlot(share);
      } catch {
        // keep err
      }
      throw err;
    }
    return 'created';
  }

  /** Adds the share's entry to the photo's live set while it holds fewer than maxLive; prunes expired entries when full. */
  private async reserveSlot(share: Share, maxLive: number): Promise<ShareCreation> {
    for (let prunes = 0; ; prunes++) {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: slotHolder(share) },
            UpdateExpression: 'ADD #slots :slot',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#slots) OR size(#slots) < :max)',
            ExpressionAttributeNames: { '#slots': LIVE_SHARES },
            ExpressionAttributeValues: { ':slot': new Set([slotOf(share)]), ':max': maxLive },
          }),
        );
        return 'created';
      } catch (err) {
        if (!conditionFailed(err)) throw err;
      }
      // Refused: the photo is gone, or its set is full, perhaps of links that have expired since.
      const out = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: slotHolder(share) }, ConsistentRead: true }),
      );
      if (out.Item?.type !== (share.albumId ? 'album' : 'photo')) return 'photo_missing';
      const slots = (out.Item[LIVE_SHARES] as Set<string> | undefined) ?? new Set<string>();
      const expired = [...slots].filter((slot) => slotExpiry(slot) <= share.createdAt);
      if (expired.length === 0 || prunes >= MAX_SLOT_PRUNES) return 'too_many';
      // An expired entry stays expired, so removing it is right whatever else changed meanwhile.
      await this.removeSlots(slotHolder(share), expired);
    }
  }

  private releaseSlot(share: Share): Promise<void> {
    return this.removeSlots(slotHolder(share), [slotOf(share)]);
  }

  private async removeSlots(holder: string, slots: string[]): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: holder },
          UpdateExpression: 'DELETE #slots :slots',
          // Never recreates a deleted photo as a bare item.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#slots': LIVE_SHARES },
          ExpressionAttributeValues: { ':slots': new Set(slots) },
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
  }

  async getShare(shareId: string): Promise<Share | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: shareKey(shareId) }, ConsistentRead: true }),
    );
    return toShare(out.Item);
  }

  async findShareByTokenHash(tokenHash: string): Promise<Share | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: tokenKey(tokenHash) }, ConsistentRead: true }),
    );
    const shareId = out.Item?.type === 'token' ? (out.Item.shareId as string) : null;
    return shareId ? this.getShare(shareId) : null;
  }

  /**
   * Newest first on the byPhoto index (an album's links: its byGroup group), read by `newestInPartition`: links
   * created at the same instant come in the index's own fixed order, and none repeats or is skipped across pages.
   */
  async listShares(query: ShareListQuery): Promise<SharePage> {
    // A photo's links are in byPhoto; an album's in its byGroup group, sorted the same way (createdAt).
    const [index, partition] = query.albumId
      ? ([byGroup, albumSharesGroup(query.albumId)] as const)
      : ([byPhoto, query.photoId] as const);
    const items = await newestInPartition(this.doc, {
      table: this.table,
      index,
      partition,
      limit: query.limit,
      startKey: query.after && {
        pk: shareKey(query.after.shareId),
        [index.partitionKey]: partition,
        [index.sortKey]: query.after.createdAt,
      },
      convert: toShare,
    });
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    const next = items.length > query.limit && last ? { createdAt: last.createdAt, shareId: last.shareId } : null;
    return { items: page, next };
  }

  /** Every link of a photo, whatever its state (for deleting them with it). */
  private async everyShare(photoId: string): Promise<Share[]> {
    const shares: Share[] = [];
    let after: SharePage['next'] | undefined;
    do {
      const page = await this.listShares({ photoId, limit: 500, ...(after && { after }) });
      shares.push(...page.items);
      after = page.next;
    } while (after);
    return shares;
  }

  /**
   * Sets revokedAt once (dropping the sealed token: a revoked link's URL is never shown again), then gives the
   * photo's slot back (again on a repeat, should an earlier revoke have stopped short of it).
   */
  async revokeShare(shareId: string, now: Date): Promise<void> {
    let revoked: Share | null;
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: shareKey(shareId) },
          UpdateExpression: 'SET revokedAt = :now REMOVE sealedToken',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      revoked = toShare(out.Attributes);
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      revoked = await this.getShare(shareId);
    }
    if (revoked?.revokedAt) await this.releaseSlot(revoked);
  }

  async countView(share: Share): Promise<boolean> {
    const limited = share.maxViews !== null;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: shareKey(share.shareId) },
          UpdateExpression: 'ADD #views :one',
          ConditionExpression: `attribute_exists(pk)${limited ? ' AND #views < :max' : ''}`,
          ExpressionAttributeNames: { '#views': 'views' },
          ExpressionAttributeValues: { ':one': 1, ...(limited && { ':max': share.maxViews }) },
        }),
      );
      return true;
    } catch (err) {
      if (!conditionFailed(err)) throw err;
      return false;
    }
  }

  async check(): Promise<void> {
    await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: 'readiness-probe' } }));
  }
}
