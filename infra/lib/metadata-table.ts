import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PHOTO_TABLE } from '../../src/adapters/aws/photo-table-layout.js';

/** The single table the DynamoDB adapters use: photos, shares, share tokens, API keys and rate-limit counters under `pk`. */
export class MetadataTable extends Construct {
  static readonly TABLE_NAME = PHOTO_TABLE.defaultName;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: MetadataTable.TABLE_NAME,
      partitionKey: { name: PHOTO_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Rate-limit counters carry purgeAt (epoch seconds); no other item does, so nothing else expires.
      timeToLiveAttribute: PHOTO_TABLE.timeToLive,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(PHOTO_TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }
  }
}
