import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Deletes the items with these `pk`s, 25 to a BatchWriteItem, sending again whatever DynamoDB left unprocessed. */
export async function deleteKeys(doc: DynamoDBDocumentClient, table: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let request: Record<string, { DeleteRequest: { Key: Record<string, unknown> } }[]> = {
      [table]: keys.slice(i, i + 25).map((pk) => ({ DeleteRequest: { Key: { pk } } })),
    };
    while (Object.keys(request).length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = (out.UnprocessedItems ?? {}) as typeof request;
    }
  }
}
