import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsConfig } from '../../config.js';

/** The SDK clients, each at its configured endpoint (none for AWS itself); made on first use. */
export class AwsClients {
  private readonly made: { destroy(): void }[] = [];

  constructor(private readonly aws: AwsConfig) {}

  private make<T extends { destroy(): void }>(client: T): T {
    this.made.push(client);
    return client;
  }

  private common(endpoint: string | undefined) {
    return { region: this.aws.region, ...(endpoint && { endpoint }) };
  }

  s3(): S3Client {
    return this.make(new S3Client({ ...this.common(this.aws.endpoints.s3), forcePathStyle: this.aws.s3ForcePathStyle }));
  }

  dynamo(): DynamoDBClient {
    return this.make(new DynamoDBClient(this.common(this.aws.endpoints.dynamodb)));
  }

  sqs(): SQSClient {
    return this.make(new SQSClient(this.common(this.aws.endpoints.sqs)));
  }

  cognito(): CognitoIdentityProviderClient {
    return this.make(new CognitoIdentityProviderClient(this.common(this.aws.endpoints.cognito)));
  }

  rekognition(): RekognitionClient {
    return this.make(new RekognitionClient(this.common(this.aws.endpoints.rekognition)));
  }

  destroy(): void {
    for (const client of this.made) client.destroy();
  }
}
