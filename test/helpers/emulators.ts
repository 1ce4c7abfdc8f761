import { createTableInput } from '../../src/adapters/aws/photo-table-layout.js';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { startDynamoDbLocal } from './dynamodb-local.js';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const BUCKETS = { originals: 'photoshare-originals', processed: 'photoshare-processed' };
export const TABLE = 'PhotoMetadata';

export interface S3Emulator {
  endpoint: string;
  client: S3Client;
  /** Called with each object-created key, as S3 event notifications would be. */
  onObjectCreated(listener: (bucket: string, key: string, size: number) => void): void;
}

/** s3rver (real S3 wire protocol) on an ephemeral port, with both buckets. */
export async function startS3(t: Test): Promise<S3Emulator> {
  const { default: S3rver } = await import('s3rver');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [
      { name: BUCKETS.originals, configs: [] },
      { name: BUCKETS.processed, configs: [] },
    ],
  });
  const { port } = await server.run();
  t.teardown(async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    client: new S3Client({ region: REGION, endpoint, forcePathStyle: true, credentials: CREDENTIALS }),
    onObjectCreated(listener) {
      (server as unknown as EventEmitter).on(
        'event',
        (event: {
          Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size: number } } }[];
        }) => {
          for (const record of event.Records) {
            if (record.eventName.startsWith('ObjectCreated'))
              listener(record.s3.bucket.name, record.s3.object.key, record.s3.object.size);
          }
        },
      );
    },
  };
}

/** DynamoDB Local (Amazon's own emulator, test/helpers/dynamodb-local.ts) with the PhotoMetadata table. */
export async function startDynamo(t: Test, table = TABLE): Promise<{ endpoint: string; client: DynamoDBClient }> {
  const endpoint = await startDynamoDbLocal(t);
  const client = new DynamoDBClient({ region: REGION, endpoint, credentials: CREDENTIALS });
  await client.send(new CreateTableCommand(photoTableDefinition(table)));
  return { endpoint, client };
}

/** The table as infra/ and the compose init script create it (src/adapters/aws/photo-table-layout.ts). */
export function photoTableDefinition(table: string) {
  return createTableInput(table) satisfies CreateTableCommandInput;
}

/** An SQS client for the fake SQS server, with the queue and its dead-letter queue created as infra/ does. */
export async function startSqs(t: Test, options: { visibilitySeconds: number; maxReceiveCount: number }) {
  const { startFakeSqs } = await import('./fake-sqs-server.js');
  const { SQSClient, CreateQueueCommand } = await import('@aws-sdk/client-sqs');
  const fake = await startFakeSqs(t);
  const client = new SQSClient({ region: REGION, endpoint: fake.endpoint, credentials: CREDENTIALS });
  t.teardown(() => {
    client.destroy();
  });
  const dlq = await client.send(new CreateQueueCommand({ QueueName: 'photoshare-jobs-dlq' }));
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: 'photoshare-jobs',
      Attributes: {
        VisibilityTimeout: String(options.visibilitySeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:photoshare-jobs-dlq',
          maxReceiveCount: options.maxReceiveCount,
        }),
      },
    }),
  );
  return { endpoint: fake.endpoint, client, queueUrl: queue.QueueUrl!, deadLetterQueueUrl: dlq.QueueUrl! };
}

export interface CognitoEmulator {
  endpoint: string;
  client: import('@aws-sdk/client-cognito-identity-provider').CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
  /** cognito-local signs tokens as this issuer whatever port it listens on. */
  issuer: string;
  jwksUri: string;
  /** What an administrator (or a pre-sign-up trigger) does: confirm a user without the emailed code. */
  confirm(email: string): Promise<void>;
  /** The codes cognito-local "mailed" (it writes each to its log), oldest first. */
  deliveries: CognitoDelivery[];
}

/** A code cognito-local delivered (ForgotPassword, sign-up), read from the box it logs. */
export interface CognitoDelivery {
  username: string;
  destination: string;
  code: string;
}

/** Reads cognito-local's log lines (pino JSON) for its "Confirmation Code Delivery" boxes. */
function deliveryLog(deliveries: CognitoDelivery[]): Writable {
  const field = (text: string, name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(text)?.[1] ?? '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('Confirmation Code Delivery')) continue;
        // eslint-disable-next-line no-control-regex
        const text = (JSON.parse(line) as { msg: string }).msg.replace(/\x1b\[[0-9;]*m/g, '');
        deliveries.push({
          username: field(text, 'Username'),
          destination: field(text, 'Destination'),
          code: field(text, 'Code'),
        });
      }
      done();
    },
  });
}

/** A pool and app client saved in cognito-local's own files (what docker compose mounts). */
export interface CognitoSeed {
  directory: string;
  userPoolId: string;
  clientId: string;
}

/**
 * cognito-local on an ephemeral port with a fresh pool and app client (or the seeded ones). It keeps
 * its data in `.cognito/` under the working directory, so this process moves to
 * a temporary one first (test files run in their own processes).
 */
export async function startCognito(t: Test, seed?: CognitoSeed): Promise<CognitoEmulator> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-local-'));
  const previous = process.cwd();
  process.chdir(workDir);
  t.teardown(() => {
    process.chdir(previous);
    fs.rmSync(workDir, { recursive: true, force: true });
  });
  // start() listens where .cognito/config.json says (default 9229, which two
  // test files running at once would fight over): ask for an ephemeral port.
  fs.mkdirSync('.cognito', { recursive: true });
  if (seed) fs.cpSync(seed.directory, '.cognito', { recursive: true });
  fs.writeFileSync('.cognito/config.json', JSON.stringify({ ServerConfig: { hostname: '127.0.0.1', port: 0 } }));
  const { createDefaultServer } = await import('cognito-local');
  const { default: pino } = await import('pino');
  // Its info lines go nowhere but here: that is where it "sends" codes.
  const deliveries: CognitoDelivery[] = [];
  const server = await createDefaultServer(pino({ level: 'info' }, deliveryLog(deliveries)) as never);
  const http = await server.start();
  t.teardown(() => {
    http.closeAllConnections();
    return new Promise<void>((resolve) =>
      http.close(() => {
        resolve();
      }),
    );
  });
  const endpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const client = new sdk.CognitoIdentityProviderClient({ region: REGION, endpoint, credentials: CREDENTIALS });
  t.teardown(() => {
    client.destroy();
  });
  let userPoolId = seed?.userPoolId;
  let clientId = seed?.clientId;
  if (!userPoolId || !clientId) {
    const pool = await client.send(new sdk.CreateUserPoolCommand({ PoolName: 'photoshare', MfaConfiguration: 'OPTIONAL' }));
    userPoolId = pool.UserPool!.Id!;
    const appClient = await client.send(
      new sdk.CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'photoshare-api' }),
    );
    clientId = appClient.UserPoolClient!.ClientId!;
  }
  return {
    endpoint,
    client,
    userPoolId,
    clientId,
    issuer: `http://localhost:9229/${userPoolId}`,
    jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    confirm: async (email) => {
      await client.send(new sdk.AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
    },
    deliveries,
  };
}
