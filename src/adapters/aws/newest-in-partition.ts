import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Up to `limit + 1` items of one index partition, newest first (the index's sort key descending), after `startKey`
 * when given: a listing's page plus one more, which says that more follow. Items `convert` rejects (null) are
 * skipped, and reading goes on until enough are found or the partition ends. A page resumes after the exact item
 * (its table key is in the start key), so none repeats or is skipped even among equal sort keys.
 */
export async function newestInPartition<T>(
  doc: DynamoDBDocumentClient,
  query: {
    table: string;
    index: { name: string; partitionKey: string };
    partition: string;
    limit: number;
    startKey: Item | undefined;
    convert: (item: Item) => T | null;
  },
): Promise<T[]> {
  const items: T[] = [];
  let startKey = query.startKey;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: query.table,
        IndexName: query.index.name,
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { '#partition': query.index.partitionKey },
        ExpressionAttributeValues: { ':partition': query.partition },
        ScanIndexForward: false,
        Limit: query.limit + 1 - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const converted = query.convert(item);
      if (converted !== null) items.push(converted);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length <= query.limit);
  return items;
}
