import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { takeToken, tokenIntervalMs, type BucketDecision, type BucketRule } from '../../domain/token-bucket.js';
import type { FailureRecord, ThrottleStore } from '../../ports/throttle-store.js';
import { PHOTO_TABLE } from './photo-table-layout.js';
import { unlessConditionFails } from './condition-failed.js';

/** DynamoDB's TTL wants epoch seconds; a minute's margin past the moment the item stops mattering. */
const purgeAt = (ms: number) => Math.ceil(ms / 1000) + 60;

/**
 * Rate-limit counters in the photo table, as `throttle#` items that DynamoDB's
 * TTL (on PHOTO_TABLE.timeToLive) deletes once they no longer matter. TTL
 * deletes late, so every read also checks the times itself. Each change is one
 * conditional update: every API task shares the buckets, and two requests
 * racing for the last token cannot both have it.
 */
export class DynamoThrottleStore implements ThrottleStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async take(key: string, rule: BucketRule, nowMs: number): Promise<BucketDecision> {
    const pk = `throttle#bucket#${key}`;
    const interval = tokenIntervalMs(rule);
    const purge = purgeAt(nowMs + rule.windowMs);
    // A bucket in use: its TAT is ahead of now but not so far that the bucket is empty.
    // A bucket at rest (full): no TAT, or one in the past. One of the two usually succeeds at once.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inUse = await this.update({
        Key: { pk },
        UpdateExpression: `SET tat = tat + :interval, ${PHOTO_TABLE.timeToLive} = :purge`,
        ConditionExpression: 'tat BETWEEN :now AND :latest',
        ExpressionAttributeValues: {
          ':interval': interval,
          ':purge': purge,
          ':now': nowMs,
          ':latest': nowMs + rule.windowMs - interval,
        },
        ReturnValues: 'UPDATED_NEW',
      });
      if (inUse) return takeToken((inUse.tat as number) - interval, rule, nowMs);
      const atRest = await this.update({
        Key: { pk },
        UpdateExpression: `SET tat = :tat, ${PHOTO_TABLE.timeToLive} = :purge`,
        ConditionExpression: 'attribute_not_exists(tat) OR tat < :now',
        ExpressionAttributeValues: { ':tat': nowMs + interval, ':purge': purge, ':now': nowMs },
        ReturnValues: 'UPDATED_NEW',
      });
      if (atRest) return takeToken(null, rule, nowMs);
      const current = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }));
      const decision = takeToken((current.Item?.tat as number | undefined) ?? null, rule, nowMs);
      // Refused, as expected; if another request has just moved the bucket, try again.
      if (!decision.allowed) return decision;
    }
    return takeToken(Number.MAX_SAFE_INTEGER, rule, nowMs);
  }

  async countInWindow(key: string, limit: number, windowEndMs: number, nowMs: number) {
    if (nowMs >= windowEndMs) return { allowed: false, count: limit };
    const counted = await this.update({
      Key: { pk: `throttle#window#${key}#${windowEndMs}` },
      UpdateExpression: `ADD n :one SET ${PHOTO_TABLE.timeToLive} = :purge`,
      ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
      ExpressionAttributeValues: { ':one': 1, ':purge': purgeAt(windowEndMs), ':limit': limit },
      ReturnValues: 'UPDATED_NEW',
    });
    return counted ? { allowed: true, count: counted.n as number } : { allowed: false, count: limit };
  }

  async recordFailure(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord> {
    const pk = `throttle#failures#${key}`;
    const values = { ':now': nowMs, ':purge': purgeAt(nowMs + forgetAfterMs), ':forgottenBefore': nowMs - forgetAfterMs };
    for (;;) {
      const added = await this.update({
        Key: { pk },
        UpdateExpression: `ADD n :one SET lastAt = :now, ${PHOTO_TABLE.timeToLive} = :purge`,
        ConditionExpression: 'lastAt > :forgottenBefore',
        ExpressionAttributeValues: { ...values, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      });
      if (added) return { count: added.n as number, lastAtMs: added.lastAt as number };
      // No run yet, or one old enough to be forgotten: start again (unless a concurrent failure just did).
      const started = await this.update({
        Key: { pk },
        UpdateExpression: `SET n = :one, lastAt = :now, ${PHOTO_TABLE.timeToLive} = :purge`,
        ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :forgottenBefore',
        ExpressionAttributeValues: { ...values, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      });
      if (started) return { count: 1, lastAtMs: nowMs };
    }
  }

  async failures(key: string, nowMs: number, forgetAfterMs: number): Promise<FailureRecord | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `throttle#failures#${key}` }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item || (item.lastAt as number) + forgetAfterMs <= nowMs) return null;
    return { count: item.n as number, lastAtMs: item.lastAt as number };
  }

  async clearFailures(key: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `throttle#failures#${key}` } }));
  }

  /** An update's new attributes, or null when its condition did not hold. */
  private async update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    const out = await unlessConditionFails(this.doc.send(new UpdateCommand({ ...input, TableName: this.table })));
    return out && (out.Attributes ?? {});
  }
}
