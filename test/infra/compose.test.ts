import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { JOB_VISIBILITY_SECONDS, MAX_RECEIVE_COUNT } from '../../infra/lib/job-queue.js';
import { MetadataTable } from '../../infra/lib/metadata-table.js';
import { CognitoAuth } from '../../src/adapters/aws/cognito-auth.js';
import { PHOTO_TABLE, createTableInput } from '../../src/adapters/aws/photo-table-layout.js';
import { ORIGINALS_PREFIX } from '../../src/domain/blob-keys.js';
import { loadConfig } from '../../src/config.js';
import { CREDENTIALS, REGION, startCognito } from '../helpers/emulators.js';
import { tokensOf } from '../helpers/sign-in.js';

// No Docker engine runs here: these check that the compose file, LocalStack's
// init script, the cognito-local seed and the app agree with one another.
const ROOT = path.join(import.meta.dirname, '..', '..');
const COMPOSE_DIR = path.join(ROOT, 'infra', 'compose');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>;
      volumes?: string[];
      depends_on?: Record<string, unknown>;
      build?: string;
      image?: string;
    }
  >;
};
const initScript = fs.readFileSync(path.join(COMPOSE_DIR, 'localstack-init.sh'), 'utf8');
const initNames = Object.fromEntries([...initScript.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
const table = JSON.parse(fs.readFileSync(path.join(COMPOSE_DIR, 'photo-table.json'), 'utf8')) as { TableName: string };

function configOf(service: string) {
  const env = { ...compose.services[service]!.environment };
  if (env.CDN_PRIVATE_KEY_FILE) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-key-')), 'cdn.pem');
    fs.writeFileSync(file, '-----BEGIN PRIVATE KEY-----\nstand-in\n-----END PRIVATE KEY-----\n');
    env.CDN_PRIVATE_KEY_FILE = file;
  }
  return loadConfig(env);
}

t.test('the API and the worker run the same image in aws mode, and their config loads', async (t) => {
  const { api, worker } = compose.services;
  t.equal(api!.build, '.');
  t.equal(worker!.build, '.');
  const apiConfig = configOf('api');
  const workerConfig = configOf('worker');
  t.match(apiConfig, { mode: 'aws', role: 'api' });
  t.match(workerConfig, { mode: 'aws', role: 'worker' });
  t.equal(apiConfig.aws!.endpoints.s3, 'http://localstack:4566');
  t.equal(apiConfig.aws!.endpoints.cognito, 'http://cognito:9229');
  t.equal(workerConfig.aws!.cdn, null);
});

t.test("the init script makes the resources the services are pointed at, with the stack's settings", async (t) => {
  for (const service of ['api', 'worker']) {
    const { aws, jobMaxAttempts, jobVisibilitySeconds } = configOf(service);
    t.equal(aws!.originalsBucket, initNames.ORIGINALS_BUCKET, `${service}: originals bucket`);
    t.equal(aws!.processedBucket, initNames.PROCESSED_BUCKET, `${service}: processed bucket`);
    t.equal(aws!.queueUrl, `http://localstack:4566/000000000000/${initNames.QUEUE_NAME}`, `${service}: queue`);
    t.equal(aws!.deadLetterQueueUrl, `http://localstack:4566/000000000000/${initNames.DLQ_NAME}`, `${service}: DLQ`);
    t.equal(aws!.tableName, table.TableName, `${service}: table`);
    t.equal(jobMaxAttempts, Number(initNames.MAX_RECEIVE_COUNT), `${service}: the last attempt is the queue's last delivery`);
    t.equal(jobVisibilitySeconds, Number(initNames.VISIBILITY_SECONDS));
  }
  t.equal(
    table.TableName,
    loadConfig({ MODE: 'aws', AWS_REGION: 'x', ORIGINALS_BUCKET: 'o', PROCESSED_BUCKET: 'p', ROLE: 'worker', QUEUE_URL: 'q' })
      .aws!.tableName,
    "the app's default table name",
  );
  t.equal(table.TableName, MetadataTable.TABLE_NAME, 'the CDK table name');
  t.equal(Number(initNames.MAX_RECEIVE_COUNT), MAX_RECEIVE_COUNT, "the CDK queue's maxReceiveCount");
  t.equal(Number(initNames.VISIBILITY_SECONDS), JOB_VISIBILITY_SECONDS, "the CDK queue's visibility timeout");
  t.ok(
    initScript.includes(`\\"Name\\":\\"prefix\\",\\"Value\\":\\"${ORIGINALS_PREFIX}\\"`),
    'notifications only for the originals prefix',
  );
  t.same(table, createTableInput(table.TableName), "the compose table is the one the adapter's layout describes");
  t.equal(initNames.TABLE_NAME, table.TableName, 'the script names the table it creates');
  t.equal(initNames.TTL_ATTRIBUTE, PHOTO_TABLE.timeToLive, 'and turns on its TTL on the attribute the counters carry');
  t.match(initScript, /update-time-to-live --table-name "\$TABLE_NAME"/);
  t.match(initScript, /s3:ObjectCreated:\*/);
  t.match(initScript, /file:\/\/\/etc\/localstack\/init\/photo-table\.json/);
  t.ok(
    compose.services.localstack!.volumes!.includes('./infra/compose/photo-table.json:/etc/localstack/init/photo-table.json:ro'),
    'the table definition is mounted where the script reads it',
  );
  t.ok(
    compose.services.localstack!.volumes!.some((v) =>
      v.startsWith('./infra/compose/localstack-init.sh:/etc/localstack/init/ready.d/'),
    ),
  );
});

t.test("the seeded cognito-local pool signs people up and in through the API's Cognito adapter", async (t) => {
  const env = compose.services.api!.environment!;
  const cognito = await startCognito(t, {
    directory: path.join(COMPOSE_DIR, 'cognito'),
    userPoolId: env.COGNITO_USER_POOL_ID!,
    clientId: env.COGNITO_CLIENT_ID!,
  });
  t.equal(env.COGNITO_ISSUER, cognito.issuer, 'the issuer compose expects is the one cognito-local signs as');
  const client = new CognitoIdentityProviderClient({ region: REGION, endpoint: cognito.endpoint, credentials: CREDENTIALS });
  t.teardown(() => {
    client.destroy();
  });
  const auth = new CognitoAuth(client, {
    userPoolId: env.COGNITO_USER_POOL_ID!,
    clientId: env.COGNITO_CLIENT_ID!,
    issuerOverride: { issuer: env.COGNITO_ISSUER!, jwksUri: cognito.jwksUri },
  });
  const signUp = await auth.signUp('dev@example.com', 'correct-horse-9');
  t.equal(signUp.confirmationRequired, true);
  await cognito.confirm('dev@example.com');
  const tokens = tokensOf(await auth.login('dev@example.com', 'correct-horse-9'));
  const principal = await auth.verify(tokens.accessToken);
  t.equal(principal.userId, signUp.userId);
  t.same(
    fs.readdirSync(path.join(COMPOSE_DIR, 'cognito', 'db')).sort(),
    ['clients.json', 'local_photoshare.json'],
    'the seed itself is untouched',
  );
});

t.test('the image starts the service with the same node flags as npm start', async (t) => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  t.same(cmd, start.split(' '));
  t.match(start, /--max-semi-space-size=2 /, 'a small young generation keeps the upload path in constant memory');
});

t.test('the image: what it copies is in the build context, and its HEVC check names a module that exists', async (t) => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const admitted = fs
    .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1).replace(/\/\*\*$/, '/'));
  const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
  t.ok(
    copied.includes('infra/image/build-libvips.sh') && copied.includes('infra/image/build-sharp.sh'),
    'the native build scripts',
  );
  for (const source of copied) {
    t.ok(fs.existsSync(path.join(ROOT, source)), `${source} exists`);
    t.ok(
      admitted.some((pattern) => (pattern.endsWith('/') ? `${source}/`.startsWith(pattern) : source === pattern)),
      `${source} is let in by .dockerignore`,
    );
  }
  const check = /import \{ libvipsDecodesHevc \} from '\/app\/dist\/(src\/[^']+)\.js'/.exec(dockerfile);
  t.ok(check && fs.existsSync(path.join(ROOT, `${check[1]}.ts`)), `the image's HEVC self-check imports ${check?.[1]}`);
});
