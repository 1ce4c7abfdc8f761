import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Album } from '../../domain/album.js';
import { takenSort, type Photo } from '../../domain/photo.js';
import type {
  AlbumDetails,
  AlbumEdit,
  AlbumPage,
  AlbumPhotoPage,
  AlbumPhotoPosition,
  AlbumPosition,
  AlbumRepo,
  MembershipRefusal,
} from '../../ports/album-repo.js';
import { cancellationCodes, conditionFailed } from './condition-failed.js';
import { newestInPartition } from './newest-in-partition.js';
import { ALBUM_IDS, toPhoto } from './dynamo-photo-repo.js';
import { PHOTO_TABLE } from './photo-table-layout.js';
import { deleteKeys } from './delete-keys.js';

const { byGroup } = PHOTO_TABLE.indexes;

/** The album item. */
const albumKey = (albumId: string) => `album#${albumId}`;
/** One per photo in an album. */
const memberKey = (albumId: string, photoId: string) => `member#${albumId}#${photoId}`;
/** One per user: how many albums they have (the bound is a condition on it). */
const albumCountKey = (userId: string) => `albums#${userId}`;
/** byGroup groups: a user's albums by createdAt, an album's members by the photo's date taken. */
const albumsGroup = (userId: string) => `albums#${userId}`;
const membersGroup = (albumId: string) => `album#${albumId}`;

/** Photos per membership transaction: two writes each (member, photo) and the album's, within DynamoDB's 100. */
const PHOTOS_PER_TRANSACTION = 49;
/** Members read at most to find a default cover among the newest ones (those in the trash are skipped). */
const COVER_BOUND = 100;
/** A change of members that meets a concurrent change of the same members reads them again, this often at most. */
const MEMBER_RETRIES = 3;

type Item = Record<string, unknown>;

function toAlbum(item: Item): Album {
  return {
    albumId: item.albumId as string,
    userId: item.albumUserId as string,
    title: item.title as string,
    description: item.description as string,
    coverPhotoId: (item.coverPhotoId as string | undefined) ?? null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

/**
 * A photo item as the album repo needs it: in `userId`'s library means it exists with that `userId` (a trashed photo
 * has none; its owner is in `trashedOf`) and no `trashedAt`.
 */
const inLibraryOf = (item: Item | undefined, userId: string): boolean =>
  item?.type === 'photo' && item.userId === userId && !item.trashedAt;

/**
 * Albums in the photo table. An album is `album#<albumId>` (in byGroup under `albums#<userId>` by createdAt) with
 * `albumUserId` (not `userId`, which would put it in byUser) and `photoCount`, the members in the library; a user's
 * `albums#<userId>` item counts their albums. A member is `member#<albumId>#<photoId>` (in byGroup under
 * `album#<albumId>` by the photo's takenSort when it was added), and the photo item lists its albums in `albumIds`.
 * Members are added and removed in transactions that also move `albumIds` (conditional on the photo being the
 * caller's and in the library) and `photoCount` (conditional on the album existing and, for adds, on the bound).
 *
 * A photo added while still processing is placed by its upload time: its date taken, learnt later, does not move it.
 */
export class DynamoAlbumRepo implements AlbumRepo {
  private readonly doc: DynamoDBDocumentClient;

  /** `readBound`: members one listing request reads at most (those in the trash are skipped), as DynamoPhotoRepo's filterBound. */
  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly readBound = 1000,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async create(album: Album, maxAlbums: number): Promise<'created' | 'too_many'> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk: albumKey(album.albumId),
                  type: 'album',
                  [byGroup.partitionKey]: albumsGroup(album.userId),
                  [byGroup.sortKey]: album.createdAt,
                  albumId: album.albumId,
                  albumUserId: album.userId,
                  title: album.title,
                  description: album.description,
                  ...(album.coverPhotoId && { coverPhotoId: album.coverPhotoId }),
                  photoCount: 0,
                  createdAt: album.createdAt,
                  updatedAt: album.updatedAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk: albumCountKey(album.userId) },
                UpdateExpression: 'SET #type = :type ADD #n :one',
                ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
                ExpressionAttributeNames: { '#type': 'type', '#n': 'albums' },
                ExpressionAttributeValues: { ':type': 'albums', ':one': 1, ':max': maxAlbums },
              },
            },
          ],
        }),
      );
      return 'created';
    } catch (err) {
      if (cancellationCodes(err)?.[1] === 'ConditionalCheckFailed') return 'too_many';
      throw err;
    }
  }

  /** The photo's `albumIds` gains or loses the album, in a transaction, while the photo is `userId`'s and in the library. */
  private photoAlbumIds(action: 'ADD' | 'DELETE', photoId: string, albumId: string, userId: string) {
    return {
      TableName: this.table,
      Key: { pk: photoId },
      UpdateExpression: `${action} #ids :ids`,
      ConditionExpression: 'userId = :u',
      ExpressionAttributeNames: { '#ids': ALBUM_IDS },
      ExpressionAttributeValues: { ':ids': new Set([albumId]), ':u': userId },
    };
  }

  private async albumItem(albumId: string): Promise<Item | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: albumKey(albumId) }, ConsistentRead: true }),
    );
    return out.Item?.type === 'album' ? out.Item : null;
  }

  /** Items by key (any number, 100 per request), strongly consistent; absent keys are absent from the map. */
  private async batchGet(keys: string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (let i = 0; i < keys.length; i += 100) {
      let request: Item[] = keys.slice(i, i + 100).map((pk) => ({ pk }));
      while (request.length > 0) {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) found.set(item.pk as string, item);
        request = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Item[];
      }
    }
    return found;
  }

  private async details(item: Item): Promise<AlbumDetails> {
    const album = toAlbum(item);
    return { ...album, photoCount: Math.max(0, (item.photoCount as number | undefined) ?? 0), cover: await this.coverOf(album) };
  }

  /** The chosen cover while it is a member in the library, else the newest-taken member in the library among the first COVER_BOUND. */
  private async coverOf(album: Album): Promise<Photo | null> {
    if (album.coverPhotoId) {
      const items = await this.batchGet([album.coverPhotoId, memberKey(album.albumId, album.coverPhotoId)]);
      const photo = items.get(album.coverPhotoId);
      if (items.has(memberKey(album.albumId, album.coverPhotoId)) && inLibraryOf(photo, album.userId)) return toPhoto(photo);
    }
    let startKey: Item | undefined;
    let read = 0;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: byGroup.name,
          KeyConditionExpression: `${byGroup.partitionKey} = :g`,
          ExpressionAttributeValues: { ':g': membersGroup(album.albumId) },
          ScanIndexForward: false,
          Limit: read === 0 ? 10 : COVER_BOUND - read,
          ExclusiveStartKey: startKey,
        }),
      );
      const ids = (out.Items ?? []).map((member) => member.photoId as string);
      read += ids.length;
      const photos = await this.batchGet(ids);
      const first = ids.find((id) => inLibraryOf(photos.get(id), album.userId));
      if (first) return toPhoto(photos.get(first));
      startKey = out.LastEvaluatedKey;
    } while (startKey && read < COVER_BOUND);
    return null;
  }

  async get(albumId: string): Promise<AlbumDetails | null> {
    const item = await this.albumItem(albumId);
    return item ? this.details(item) : null;
  }

  /** Newest first on byGroup; a page resumes after the exact item (its table key is in the start key). */
  async list(query: { userId: string; limit: number; after?: AlbumPosition | undefined }): Promise<AlbumPage> {
    const group = albumsGroup(query.userId);
    const items = await newestInPartition(this.doc, {
      table: this.table,
      index: byGroup,
      partition: group,
      limit: query.limit,
      startKey: query.after && {
        pk: albumKey(query.after.albumId),
        [byGroup.partitionKey]: group,
        [byGroup.sortKey]: query.after.createdAt,
      },
      convert: (item) => (item.type === 'album' ? item : null),
    });
    const page = await Promise.all(items.slice(0, query.limit).map((item) => this.details(item)));
    const last = page[page.length - 1];
    return {
      items: page,
      next: items.length > query.limit && last ? { createdAt: last.createdAt, albumId: last.albumId } : null,
    };
  }

  /** The cover is checked first (a member in the library); one conditional update then writes every field. */
  async update(albumId: string, edit: AlbumEdit, now: Date): Promise<AlbumDetails | 'album_missing' | 'cover_not_in_album'> {
    if (typeof edit.coverPhotoId === 'string') {
      const album = await this.albumItem(albumId);
      if (!album) return 'album_missing';
      const items = await this.batchGet([edit.coverPhotoId, memberKey(albumId, edit.coverPhotoId)]);
      if (
        !items.has(memberKey(albumId, edit.coverPhotoId)) ||
        !inLibraryOf(items.get(edit.coverPhotoId), album.albumUserId as string)
      ) {
        return 'cover_not_in_album';
      }
    }
    const values: Item = {
      title: edit.title,
      description: edit.description,
      coverPhotoId: edit.coverPhotoId ?? undefined,
      updatedAt: now.toISOString(),
    };
    const names: Record<string, string> = {};
    const vals: Item = {};
    const sets = Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#a${i}`] = name;
        vals[`:v${i}`] = value;
        return `#a${i} = :v${i}`;
      });
    if (edit.coverPhotoId === null) names['#cover'] = 'coverPhotoId';
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: albumKey(albumId) },
          UpdateExpression: `SET ${sets.join(', ')}${edit.coverPhotoId === null ? ' REMOVE #cover' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: vals,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return await this.details(out.Attributes as Item);
    } catch (err) {
      if (conditionFailed(err)) return 'album_missing';
      throw err;
    }
  }

  /**
   * The album item first, with its place in the user's count, so the album is gone at once; then, best effort, its
   * member items and the photos' `albumIds` entries. A crash part-way leaves members of an album that no longer
   * exists: nothing lists them, and every later write to the album is conditional on it existing.
   */
  async delete(albumId: string): Promise<void> {
    const album = await this.albumItem(albumId);
    if (!album) return;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: { pk: albumKey(albumId) }, ConditionExpression: 'attribute_exists(pk)' } },
            {
              Update: {
                TableName: this.table,
                Key: { pk: albumCountKey(album.albumUserId as string) },
                UpdateExpression: 'ADD #n :minusOne',
                ExpressionAttributeNames: { '#n': 'albums' },
                ExpressionAttributeValues: { ':minusOne': -1 },
              },
            },
          ],
        }),
      );
    } catch (err) {
      // Deleted meanwhile by another request, which counted it off; its members are cleared below either way.
      if (cancellationCodes(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    }
    let startKey: Item | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: byGroup.name,
          KeyConditionExpression: `${byGroup.partitionKey} = :g`,
          ExpressionAttributeValues: { ':g': membersGroup(albumId) },
          ProjectionExpression: 'pk, photoId',
          Limit: 100,
          ExclusiveStartKey: startKey,
        }),
      );
      const members = out.Items ?? [];
      for (const member of members) await this.dropAlbumId(member.photoId as string, albumId);
      await this.deleteItems(members.map((member) => member.pk as string));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  private deleteItems(keys: string[]): Promise<void> {
    return deleteKeys(this.doc, this.table, keys);
  }

  /** Takes the album out of the photo's `albumIds`; never recreates a deleted photo as a bare item. */
  private async dropAlbumId(photoId: string, albumId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: photoId },
          UpdateExpression: 'DELETE #ids :ids',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ids': ALBUM_IDS },
          ExpressionAttributeValues: { ':ids': new Set([albumId]) },
        }),
      );
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
  }

  /** The album is the user's and every id a photo of the user in the library: null, else why not; the photo items read. */
  private async check(
    albumId: string,
    userId: string,
    photoIds: string[],
  ): Promise<{ refused: MembershipRefusal } | { album: Item; photos: Map<string, Item> }> {
    const album = await this.albumItem(albumId);
    if (!album || album.albumUserId !== userId) return { refused: 'album_missing' };
    const photos = await this.batchGet(photoIds);
    if (photoIds.some((id) => !inLibraryOf(photos.get(id), userId))) return { refused: 'photos_missing' };
    return { album, photos };
  }

  /** Which of these photos are members of the album. */
  private async members(albumId: string, photoIds: string[]): Promise<Set<string>> {
    const found = await this.batchGet(photoIds.map((id) => memberKey(albumId, id)));
    return new Set(photoIds.filter((id) => found.has(memberKey(albumId, id))));
  }

  /**
   * Ownership of every id is checked first (one strongly consistent BatchGet) and the bound against the album's
   * count, so a refused call writes nothing. The new members are then written in transactions of 49 photos: each
   * puts the member items (only if absent), adds the album to each photo's `albumIds` on condition that the photo is
   * still the caller's and in the library, and adds to `photoCount` on condition that the album still exists and
   * stays within `maxPhotos`. Should a later transaction fail (a photo trashed or deleted, the album deleted or
   * filled by a concurrent call, meanwhile), the earlier ones stay: the call answers the refusal, and the photos
   * already added are members, counted, as a retry of the same call would find them.
   */
  async addPhotos(
    albumId: string,
    userId: string,
    photoIds: string[],
    maxPhotos: number,
    now: Date,
    retries = MEMBER_RETRIES,
  ): Promise<MembershipRefusal | null> {
    const checked = await this.check(albumId, userId, photoIds);
    if ('refused' in checked) return checked.refused;
    const present = await this.members(albumId, photoIds);
    const fresh = photoIds.filter((id) => !present.has(id));
    if (fresh.length === 0) return null;
    if (((checked.album.photoCount as number | undefined) ?? 0) + fresh.length > maxPhotos) return 'album_full';
    for (let i = 0; i < fresh.length; i += PHOTOS_PER_TRANSACTION) {
      const batch = fresh.slice(i, i + PHOTOS_PER_TRANSACTION);
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: albumKey(albumId) },
                  UpdateExpression: 'SET updatedAt = :now ADD photoCount :n',
                  ConditionExpression: 'attribute_exists(pk) AND photoCount <= :room',
                  ExpressionAttributeValues: { ':now': now.toISOString(), ':n': batch.length, ':room': maxPhotos - batch.length },
                },
              },
              ...batch.flatMap((photoId) => [
                {
                  Put: {
                    TableName: this.table,
                    Item: {
                      pk: memberKey(albumId, photoId),
                      type: 'member',
                      [byGroup.partitionKey]: membersGroup(albumId),
                      [byGroup.sortKey]: takenSort(toPhoto(checked.photos.get(photoId)) as Photo),
                      albumId,
                      photoId,
                      addedAt: now.toISOString(),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                { Update: this.photoAlbumIds('ADD', photoId, albumId, userId) },
              ]),
            ],
          }),
        );
      } catch (err) {
        const refused = await this.whyCancelled(err, albumId, retries, 'album_full');
        if (refused === 'retry') return this.addPhotos(albumId, userId, photoIds, maxPhotos, now, retries - 1);
        return refused;
      }
    }
    return null;
  }

  /**
   * What a cancelled membership transaction (the album's write first, then a member's and its photo's per photo)
   * means: the album gone or (for `albumCondition`) full, a photo no longer the caller's in the library, or a member
   * changed by a concurrent call (`retry`, while retries are left); anything else is thrown.
   */
  private async whyCancelled(
    err: unknown,
    albumId: string,
    retries: number,
    albumCondition: MembershipRefusal,
  ): Promise<MembershipRefusal | 'retry'> {
    const codes = cancellationCodes(err);
    if (!codes) throw err;
    if (codes[0] === 'ConditionalCheckFailed') return (await this.albumItem(albumId)) ? albumCondition : 'album_missing';
    if (codes.some((code, i) => i > 0 && i % 2 === 0 && code === 'ConditionalCheckFailed')) return 'photos_missing';
    if (retries > 0 && codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) {
      return 'retry';
    }
    throw err;
  }

  /**
   * Checked as addPhotos is; then, in transactions of 49 photos, the member items are deleted (if present), the
   * album leaves each photo's `albumIds` (on condition that it is still the caller's, in the library) and
   * `photoCount` goes down (on condition that the album exists). A later transaction failing leaves the earlier ones
   * done, as for addPhotos.
   */
  async removePhotos(
    albumId: string,
    userId: string,
    photoIds: string[],
    now: Date,
    retries = MEMBER_RETRIES,
  ): Promise<MembershipRefusal | null> {
    const checked = await this.check(albumId, userId, photoIds);
    if ('refused' in checked) return checked.refused;
    const present = [...(await this.members(albumId, photoIds))];
    for (let i = 0; i < present.length; i += PHOTOS_PER_TRANSACTION) {
      const batch = present.slice(i, i + PHOTOS_PER_TRANSACTION);
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: { pk: albumKey(albumId) },
                  UpdateExpression: 'SET updatedAt = :now ADD photoCount :n',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':now': now.toISOString(), ':n': -batch.length },
                },
              },
              ...batch.flatMap((photoId) => [
                {
                  Delete: {
                    TableName: this.table,
                    Key: { pk: memberKey(albumId, photoId) },
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
                { Update: this.photoAlbumIds('DELETE', photoId, albumId, userId) },
              ]),
            ],
          }),
        );
      } catch (err) {
        const refused = await this.whyCancelled(err, albumId, retries, 'album_missing');
        if (refused === 'retry') return this.removePhotos(albumId, userId, photoIds, now, retries - 1);
        return refused;
      }
    }
    return null;
  }

  /**
   * Newest taken first on byGroup, then the photos by BatchGet; those in the trash (or gone) are skipped. Reads at most
   * `readBound` members per request: past that it answers the page it has (perhaps empty) with a position after the
   * last member read.
   */
  async hasPhoto(albumId: string, photoId: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: memberKey(albumId, photoId) }, ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async listPhotos(query: { albumId: string; limit: number; after?: AlbumPhotoPosition | undefined }): Promise<AlbumPhotoPage> {
    const group = membersGroup(query.albumId);
    const found: { photo: Photo; position: AlbumPhotoPosition }[] = [];
    let startKey: Item | undefined = query.after && {
      pk: memberKey(query.albumId, query.after.photoId),
      [byGroup.partitionKey]: group,
      [byGroup.sortKey]: query.after.takenSort,
    };
    let read = 0;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: byGroup.name,
          KeyConditionExpression: `${byGroup.partitionKey} = :g`,
          ExpressionAttributeValues: { ':g': group },
          ScanIndexForward: false,
          Limit: Math.min(query.limit + 1 - found.length, this.readBound - read),
          ExclusiveStartKey: startKey,
        }),
      );
      const members = out.Items ?? [];
      read += members.length;
      const photos = await this.batchGet(members.map((member) => member.photoId as string));
      for (const member of members) {
        const item = photos.get(member.photoId as string);
        // Members are the owner's photos: one with a userId and no trashedAt is in the library.
        if (item && inLibraryOf(item, item.userId as string)) {
          found.push({
            photo: toPhoto(item) as Photo,
            position: { takenSort: member[byGroup.sortKey] as string, photoId: member.photoId as string },
          });
        }
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey && found.length <= query.limit && read < this.readBound);
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1];
    if (found.length > query.limit && last) return { items: page.map((f) => f.photo), next: last.position };
    const resume = startKey && { takenSort: startKey[byGroup.sortKey] as string, photoId: memberIdOf(startKey.pk as string) };
    return { items: page.map((f) => f.photo), next: resume ?? null };
  }

  /** The photo item's `albumIds`, and whether it is in the library (from the item, else from the photo given). */
  private async albumsOf(photo: Photo): Promise<{ albumIds: string[]; inLibrary: boolean }> {
    const item = (
      await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: photo.photoId }, ConsistentRead: true }))
    ).Item;
    const albumIds = [...((item?.[ALBUM_IDS] as Set<string> | undefined) ?? [])];
    return { albumIds, inLibrary: item ? item.userId !== undefined && !item.trashedAt : !photo.trashedAt };
  }

  /**
   * Per album of the photo: its member item goes and, when the photo was in the library, the album's count goes down
   * with it in one transaction (so a repeat counts nothing twice); the album stops naming it as its cover; last, the
   * photo's `albumIds` is removed. Best effort: albums deleted meanwhile are skipped.
   */
  async forgetPhoto(photo: Photo): Promise<void> {
    const { albumIds, inLibrary } = await this.albumsOf(photo);
    for (const albumId of albumIds) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: this.table,
                  Key: { pk: memberKey(albumId, photo.photoId) },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
              ...(inLibrary
                ? [
                    {
                      Update: {
                        TableName: this.table,
                        Key: { pk: albumKey(albumId) },
                        UpdateExpression: 'ADD photoCount :minusOne',
                        ConditionExpression: 'attribute_exists(pk)',
                        ExpressionAttributeValues: { ':minusOne': -1 },
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
      } catch (err) {
        const codes = cancellationCodes(err);
        if (!codes) throw err;
        // The album is gone: its member goes alone. The member is gone: an earlier call did all of this.
        if (codes[0] !== 'ConditionalCheckFailed' && codes[1] === 'ConditionalCheckFailed') {
          await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: memberKey(albumId, photo.photoId) } }));
        } else if (codes[0] !== 'ConditionalCheckFailed') {
          throw err;
        }
      }
      await this.conditionally(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: albumKey(albumId) },
          UpdateExpression: 'REMOVE coverPhotoId',
          ConditionExpression: 'coverPhotoId = :p',
          ExpressionAttributeValues: { ':p': photo.photoId },
        }),
      );
    }
    await this.conditionally(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: photo.photoId },
        UpdateExpression: 'REMOVE #ids',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#ids': ALBUM_IDS },
      }),
    );
  }

  async photoLeftLibrary(photo: Photo): Promise<void> {
    await this.countIn(photo, -1);
  }

  async photoBackInLibrary(photo: Photo): Promise<void> {
    await this.countIn(photo, 1);
  }

  /** Moves the count of every album in the photo's `albumIds` (best effort, each conditional on the album existing). */
  private async countIn(photo: Photo, by: 1 | -1): Promise<void> {
    const { albumIds } = await this.albumsOf(photo);
    for (const albumId of albumIds) {
      await this.conditionally(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: albumKey(albumId) },
          UpdateExpression: 'ADD photoCount :by',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':by': by },
        }),
      );
    }
  }

  /** Sends a conditional update; its condition failing is not an error. */
  private async conditionally(command: UpdateCommand): Promise<void> {
    try {
      await this.doc.send(command);
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
  }
}

/** The photo id in a `member#<albumId>#<photoId>` key (ids never contain `#`). */
const memberIdOf = (pk: string): string => pk.slice(pk.lastIndexOf('#') + 1);
