import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Emulator } from './emulators.js';

/** The body S3 sends to SQS for an object-created event (event version 2.1), keys URL-encoded as S3 does. */
export function s3EventBody(bucket: string, key: string, size: number, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName,
        userIdentity: { principalId: 'AWS:TEST' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'originals-created',
          bucket: { name: bucket, ownerIdentity: { principalId: 'TEST' }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size,
            eTag: 'etag',
            sequencer: Date.now().toString(16),
          },
        },
      },
    ],
  });
}

/** Does in tests what the bucket's event notification does in AWS: new originals become SQS messages. */
export function forwardS3EventsToSqs(s3: S3Emulator, sqs: SQSClient, queueUrl: string, originalsBucket: string): void {
  s3.onObjectCreated((bucket, key, size) => {
    if (bucket !== originalsBucket || !key.startsWith('originals/')) return;
    void sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3EventBody(bucket, key, size) }));
  });
}
