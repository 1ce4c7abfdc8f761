import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';

t.test('defaults describe the embedded laptop setup', async (t) => {
  const config = loadConfig({});
  t.match(config, {
    mode: 'local',
    role: 'all',
    port: 3000,
    host: '127.0.0.1',
    publicUrl: 'http://localhost:3000',
    maxUploadBytes: 52_428_800,
    maxPixels: 100_000_000,
    accessTokenSeconds: 900,
    logLevel: 'info',
    rateLimits: { perSecond: 20, burst: 100, apiKeyDailyQuota: 100_000 },
    maxUploadsInFlight: 4,
    trustProxyHops: 0,
    keepAliveSeconds: 5,
  });
  t.ok(config.dataDir.endsWith('/data'));
  t.equal(loadConfig({ RATE_LIMITS: 'off' }).rateLimits, null, 'RATE_LIMITS=off: no usage plan');
  t.throws(() => loadConfig({ RATE_LIMITS: 'no' }), { message: /RATE_LIMITS must be one of on, off/ });
});

t.test('values are read and trailing slashes dropped', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    ROLE: 'worker',
    PUBLIC_URL: 'https://photos.example.com/',
    MAX_UPLOAD_BYTES: '1000',
    LOG_LEVEL: 'debug',
  });
  t.match(config, {
    port: 8080,
    role: 'worker',
    publicUrl: 'https://photos.example.com',
    maxUploadBytes: 1000,
    logLevel: 'debug',
  });
  t.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
});

t.test('a bad value stops the start with a message naming it', async (t) => {
  const cases: Record<string, string>[] = [
    { PORT: 'eighty' },
    { PORT: '70000' },
    { ROLE: 'everything' },
    { MODE: 'cloud' },
    { MAX_UPLOAD_BYTES: '-1' },
    { MAX_UPLOAD_BYTES: '1.5' },
    { LOG_LEVEL: 'loud' },
    { PUBLIC_URL: 'not a url' },
    { PUBLIC_URL: 'ftp://example.com' },
    { WORKER_CONCURRENCY: '0' },
    { LABELS: 'rekognition' },
    { METRICS_TOKEN: 'short' },
  ];
  for (const env of cases) {
    const [name] = Object.keys(env);
    t.throws(() => loadConfig(env), { name: 'ConfigError', message: new RegExp(name!) }, `${JSON.stringify(env)} is refused`);
  }
  t.ok(new ConfigError('x') instanceof Error);
});

t.test('aws mode names what it is missing', async (t) => {
  t.throws(() => loadConfig({ MODE: 'aws' }), { message: /AWS_REGION is required/ });
  t.throws(() => loadConfig({ MODE: 'aws', AWS_REGION: 'eu-west-1' }), { message: /ORIGINALS_BUCKET is required/ });
  const base = {
    MODE: 'aws',
    AWS_REGION: 'eu-west-1',
    ORIGINALS_BUCKET: 'o',
    PROCESSED_BUCKET: 'p',
    CDN_URL: 'https://d1.cloudfront.net',
    CDN_KEY_PAIR_ID: 'K1',
  };
  t.throws(() => loadConfig({ ...base, ROLE: 'worker' }), { message: /QUEUE_URL is required/ });
  t.throws(() => loadConfig({ ...base, ROLE: 'api' }), { message: /COGNITO_USER_POOL_ID is required/ });
  const pem = '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----';
  t.throws(() => loadConfig({ ...base, ROLE: 'api', COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_ID: 'c' }), {
    message: /CDN_PRIVATE_KEY/,
  });
  const apiEnv = { ...base, ROLE: 'api', COGNITO_USER_POOL_ID: 'eu-west-1_x', COGNITO_CLIENT_ID: 'c', CDN_PRIVATE_KEY: pem };
  t.throws(() => loadConfig(apiEnv), { message: /SHARE_SEAL_KEY is required/ });
  t.throws(() => loadConfig({ ...apiEnv, SHARE_SEAL_KEY: 'short' }), { message: /^(?!.*short).*SHARE_SEAL_KEY/ });
  const worker = loadConfig({
    MODE: 'aws',
    AWS_REGION: 'eu-west-1',
    ORIGINALS_BUCKET: 'o',
    PROCESSED_BUCKET: 'p',
    ROLE: 'worker',
    QUEUE_URL: 'https://sqs/q',
    AWS_ENDPOINT_URL: 'http://localhost:4566',
  });
  t.match(worker.aws, {
    region: 'eu-west-1',
    originalsBucket: 'o',
    processedBucket: 'p',
    tableName: 'PhotoMetadata',
    queueUrl: 'https://sqs/q',
    cognito: null,
    endpoints: { s3: 'http://localhost:4566', sqs: 'http://localhost:4566' },
    s3ForcePathStyle: true,
  });
  t.equal(worker.aws!.cdn, null, 'the worker needs no signing key');
  t.equal(worker.aws!.shareSealKey, null, 'nor the share seal key');
  t.equal(worker.metrics, null, 'no /metrics on AWS without a token to guard it');
  t.same(loadConfig({}).metrics, { token: null }, 'on a laptop it is open');
  t.equal(worker.labels, 'rekognition', 'aws mode labels with Rekognition by default');
  t.equal(worker.trustProxyHops, 1, 'behind the ALB, its X-Forwarded-For is believed');
  t.equal(worker.keepAliveSeconds, 65, "idle connections outlast the ALB's 60 s idle timeout");
  const api = loadConfig({
    ...base,
    ROLE: 'api',
    COGNITO_USER_POOL_ID: 'eu-west-1_x',
    COGNITO_CLIENT_ID: 'c',
    CDN_PRIVATE_KEY: pem,
    SHARE_SEAL_KEY: 'x'.repeat(40),
  });
  t.equal(
    api.aws!.cdn!.privateKeyPem,
    '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    'escaped newlines in the env become newlines',
  );
  t.match(api.aws, {
    queueUrl: null,
    cognito: { userPoolId: 'eu-west-1_x', clientId: 'c', issuer: null },
    endpoints: { s3: undefined },
    s3ForcePathStyle: false,
  });
});
