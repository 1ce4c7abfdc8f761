import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DownloadTicket, DownloadTicketStore } from '../../ports/download-tickets.js';
import { PHOTO_TABLE } from './photo-table-layout.js';

const ticketKey = (ticketHash: string) => `download#${ticketHash}`;

/**
 * `download#<ticketHash>` items: `ticketUserId` (not `userId`, which would put it in the library's indexes),
 * `photoIds`, `expiresAt`, and `purgeAt` for the table's TTL. DynamoDB deletes them late, so `get` checks the time.
 */
export class DynamoDownloadTickets implements DownloadTicketStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async put(ticket: DownloadTicket): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: ticketKey(ticket.ticketHash),
          type: 'download',
          ticketUserId: ticket.userId,
          photoIds: ticket.photoIds,
          expiresAt: ticket.expiresAt,
          [PHOTO_TABLE.timeToLive]: Math.ceil(Date.parse(ticket.expiresAt) / 1000) + 60,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(ticketHash: string, now: Date): Promise<DownloadTicket | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: ticketKey(ticketHash) }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (item?.type !== 'download' || typeof item.expiresAt !== 'string') return null;
    if (Date.parse(item.expiresAt) <= now.getTime()) return null;
    return {
      ticketHash,
      userId: item.ticketUserId as string,
      photoIds: item.photoIds as string[],
      expiresAt: item.expiresAt,
    };
  }
}
