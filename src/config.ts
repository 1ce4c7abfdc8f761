import { DEFAULT_TRASH_DAYS } from './domain/trash.js';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The DynamoDB table when TABLE_NAME is not set; its keys and indexes are in src/adapters/aws/photo-table-layout.ts. */
export const DEFAULT_TABLE_NAME = 'PhotoMetadata';

export type Role = 'api' | 'worker' | 'all';
export type Mode = 'local' | 'aws';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  mode: Mode;
  role: Role;
  host: string;
  port: number;
  /** Base of every absolute URL we hand out (share links, signed variant URLs). */
  publicUrl: string;
  dataDir: string;
  logLevel: LogLevel;
  maxUploadBytes: number;
  maxPixels: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  signedUrlSeconds: number;
  listingCacheBytes: number;
  /** /metrics, open or behind a token; null when not served (aws mode without METRICS_TOKEN). */
  metrics: { token: string | null } | null;
  workerConcurrency: number;
  jobVisibilitySeconds: number;
  jobMaxAttempts: number;
  labels: 'off' | 'local' | 'rekognition';
  /** On SIGTERM, how long in-flight requests may take before their connections are closed. */
  shutdownGraceSeconds: number;
  /** A request whose headers or body make no progress for this long is answered 408 and closed. */
  requestIdleSeconds: number;
  /** An idle keep-alive connection is closed after this long (longer than the ALB's 60 s idle timeout in aws mode). */
  keepAliveSeconds: number;
  /** Requests allowed per user (token or key) and per address; null when RATE_LIMITS=off. */
  rateLimits: RateLimitConfig | null;
  /** At most this many uploads per user at once, in each API process. */
  maxUploadsInFlight: number;
  /** Bytes of originals each user may keep; null: no quota. */
  quotaBytes: number | null;
  /** Days a photo stays in the trash before the worker purges it (0: at the next sweep). */
  trashDays: number;
  /** How often the worker looks for trash to purge. */
  trashSweepSeconds: number;
  /** Proxies in front of the API whose X-Forwarded-For is believed (1 behind the ALB); 0 trusts none. */
  trustProxyHops: number;
  /** How long the CloudFront URL that a share link redirects to is valid (aws mode). */
  shareRedirectSeconds: number;
  /** The built web front end served at /, or null when there is none. */
  webDir: string | null;
  /** Local mode's mail (password-reset codes): an SMTP server, or null to write each message to the log instead. */
  mail: { smtpUrl: string | null; from: string };
  /** Present when mode is aws. */
  aws: AwsConfig | null;
  /** "Sign in with …": OpenID Connect providers (local mode) or the user pool's federated ones (aws mode). */
  socialSignIn: SocialSignInConfig;
}

/** One OpenID Connect provider for local mode (OIDC_PROVIDERS). */
export interface OidcProviderConfig {
  /** In the URL (`/auth/oauth/start?provider=<id>`). */
  id: string;
  /** On the button. */
  name: string;
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). Never logged. */
  clientSecret: string | null;
}

export type SocialSignInConfig =
  | { kind: 'oidc'; providers: OidcProviderConfig[] }
  | {
      kind: 'cognito';
      /** Names of the pool's identity providers (`Google`, or an OIDC provider's name), in button order. */
      providers: string[];
      /** The app client's secret, if it has one. Never logged. */
      clientSecret: string | null;
      /** The pool's issuer, for discovery (default `https://cognito-idp.<region>.amazonaws.com/<poolId>`). */
      issuer: string | null;
    };

export interface RateLimitConfig {
  perSecond: number;
  burst: number;
  apiKeyDailyQuota: number;
}

export interface AwsConfig {
  region: string;
  /** Per-service endpoint overrides (LocalStack, emulators); absent for AWS itself. */
  endpoints: { s3?: string; dynamodb?: string; sqs?: string; cognito?: string; rekognition?: string };
  s3ForcePathStyle: boolean;
  originalsBucket: string;
  processedBucket: string;
  tableName: string;
  queueUrl: string | null;
  deadLetterQueueUrl: string | null;
  cognito: { userPoolId: string; clientId: string; issuer: string | null; jwksUri: string | null } | null;
  /** The user pool whose users the worker removes when finishing an account's deletion (any role; null: none). */
  userPoolId: string | null;
  /** The CloudFront signing key: the API's alone (the worker never signs URLs). */
  cdn: { baseUrl: string; keyPairId: string; privateKeyPem: string } | null;
  /** The secret share links' tokens are sealed under (SHARE_SEAL_KEY): the API's alone. */
  shareSealKey: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function required(env: Env, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required ${why}`);
  return value;
}

function optionalUrl(env: Env, name: string): string | undefined {
  return env[name] ? url(env, name, '') : undefined;
}

function privateKeyPem(env: Env): string {
  const pem = env.CDN_PRIVATE_KEY ?? (env.CDN_PRIVATE_KEY_FILE ? readFileSync(env.CDN_PRIVATE_KEY_FILE, 'utf8') : '');
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError(
      'CDN_PRIVATE_KEY (PEM) or CDN_PRIVATE_KEY_FILE is required for the API in aws mode: the CloudFront key pair that signs URLs',
    );
  }
  return pem.replace(/\\n/g, '\n');
}

function loadAwsConfig(env: Env, role: Role): AwsConfig {
  const inAws = 'in aws mode';
  const shared = optionalUrl(env, 'AWS_ENDPOINT_URL');
  const endpoint = (service: string) => optionalUrl(env, `AWS_ENDPOINT_URL_${service}`) ?? shared;
  const poolId = env.COGNITO_USER_POOL_ID;
  return {
    region: required(env, 'AWS_REGION', inAws),
    endpoints: {
      s3: endpoint('S3'),
      dynamodb: endpoint('DYNAMODB'),
      sqs: endpoint('SQS'),
      cognito: endpoint('COGNITO_IDENTITY_PROVIDER'),
      rekognition: endpoint('REKOGNITION'),
    },
    s3ForcePathStyle: (env.S3_FORCE_PATH_STYLE ?? (shared || env.AWS_ENDPOINT_URL_S3 ? 'true' : 'false')) === 'true',
    originalsBucket: required(env, 'ORIGINALS_BUCKET', inAws),
    processedBucket: required(env, 'PROCESSED_BUCKET', inAws),
    tableName: env.TABLE_NAME || DEFAULT_TABLE_NAME,
    queueUrl: role === 'api' ? env.QUEUE_URL || null : required(env, 'QUEUE_URL', 'for the worker in aws mode'),
    deadLetterQueueUrl: env.DLQ_URL || null,
    userPoolId: poolId || null,
    cognito:
      role === 'worker'
        ? null
        : {
            userPoolId: poolId || required(env, 'COGNITO_USER_POOL_ID', 'for the API in aws mode'),
            clientId: required(env, 'COGNITO_CLIENT_ID', 'for the API in aws mode'),
            issuer: optionalUrl(env, 'COGNITO_ISSUER') ?? null,
            jwksUri: optionalUrl(env, 'COGNITO_JWKS_URI') ?? null,
          },
    cdn:
      role === 'worker'
        ? null
        : {
            baseUrl: url(env, 'CDN_URL', required(env, 'CDN_URL', 'for the API in aws mode')),
            keyPairId: required(env, 'CDN_KEY_PAIR_ID', 'for the API in aws mode'),
            privateKeyPem: privateKeyPem(env),
          },
    shareSealKey: role === 'worker' ? null : shareSealKey(env),
  };
}

const MIN_SHARE_SEAL_KEY = 32;

function shareSealKey(env: Env): string {
  const key = env.SHARE_SEAL_KEY ?? '';
  if (key.length < MIN_SHARE_SEAL_KEY) {
    // The value is a secret: it is never echoed.
    throw new ConfigError(
      `SHARE_SEAL_KEY is required for the API in aws mode: a random secret of at least ${MIN_SHARE_SEAL_KEY} characters that seals share links`,
    );
  }
  return key;
}

const MAX_OIDC_PROVIDERS = 10;
const PROVIDER_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** An issuer may be http:// only on the loopback (a test or a provider on the same machine). */
export const isLoopbackHttp = (issuer: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(issuer);

function oidcProviders(env: Env): OidcProviderConfig[] {
  const raw = env.OIDC_PROVIDERS;
  if (!raw) return [];
  const fail = (why: string): never => {
    // The value holds client secrets: it is never echoed.
    throw new ConfigError(`OIDC_PROVIDERS ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail('must be a JSON array of {id, name, issuer, clientId, clientSecret?}');
  }
  if (!Array.isArray(parsed)) return fail('must be a JSON array of {id, name, issuer, clientId, clientSecret?}');
  if (parsed.length > MAX_OIDC_PROVIDERS) fail(`may name at most ${MAX_OIDC_PROVIDERS} providers`);
  const providers = parsed.map((entry: unknown, i): OidcProviderConfig => {
    const p = (entry ?? {}) as Record<string, unknown>;
    const text = (key: string, max: number) => {
      const value = p[key];
      if (typeof value !== 'string' || value === '' || value.length > max)
        return fail(`[${i}].${key} must be a string of 1 to ${max} characters`);
      return value;
    };
    const id = text('id', 32);
    if (!PROVIDER_ID.test(id)) fail(`[${i}].id must be lower-case letters, digits, - and _`);
    const issuer = text('issuer', 500);
    if (!issuer.startsWith('https://') && !isLoopbackHttp(issuer))
      fail(`[${i}].issuer must be https:// (http:// only on 127.0.0.1 or localhost)`);
    return {
      id,
      name: text('name', 64),
      issuer,
      clientId: text('clientId', 500),
      clientSecret: p.clientSecret === undefined || p.clientSecret === null ? null : text('clientSecret', 500),
    };
  });
  if (new Set(providers.map((p) => p.id)).size !== providers.length) fail('names an id twice');
  return providers;
}

function socialSignIn(env: Env, mode: Mode): SocialSignInConfig {
  if (mode === 'local') return { kind: 'oidc', providers: oidcProviders(env) };
  const providers = (env.COGNITO_OAUTH_PROVIDERS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (providers.length > MAX_OIDC_PROVIDERS)
    throw new ConfigError(`COGNITO_OAUTH_PROVIDERS may name at most ${MAX_OIDC_PROVIDERS}`);
  for (const name of providers)
    if (!/^[\w.-]{1,32}$/.test(name)) throw new ConfigError(`COGNITO_OAUTH_PROVIDERS: "${name}" is not a provider name`);
  return {
    kind: 'cognito',
    providers,
    clientSecret: env.COGNITO_CLIENT_SECRET || null,
    issuer: optionalUrl(env, 'COGNITO_OAUTH_ISSUER') ?? null,
  };
}

/** WEB_DIR, or web/dist beside the sources (src/ under tsx, dist/src/ when built). */
function webDir(env: Env): string | null {
  if (env.WEB_DIR) {
    const dir = path.resolve(env.WEB_DIR);
    if (!existsSync(path.join(dir, 'index.html')))
      throw new ConfigError(`WEB_DIR must be a built front end (with index.html), got "${env.WEB_DIR}"`);
    return dir;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const root of [path.resolve(here, '..'), path.resolve(here, '..', '..')]) {
    const dir = path.join(root, 'web', 'dist');
    if (existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** SMTP_URL (smtp:// or smtps://, user and password in it if needed) and MAIL_FROM. */
function mail(env: Env, publicUrl: string): Config['mail'] {
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl) {
    let protocol = '';
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      // refused below
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:')
      throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587');
  }
  return { smtpUrl, from: env.MAIL_FROM || `photoshare <no-reply@${new URL(publicUrl).hostname}>` };
}

/** Whether /metrics is served, and to whom. */
function metricsAccess(env: Env, mode: 'local' | 'aws'): Config['metrics'] {
  const token = env.METRICS_TOKEN;
  if (!token) return mode === 'aws' ? null : { token: null };
  if (token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return { token };
}

/** Reads and validates the environment; the only place that does. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const cores = Math.max(1, os.availableParallelism());
  const mode = oneOf(env, 'MODE', ['local', 'aws'] as const, 'local');
  const role = oneOf(env, 'ROLE', ['api', 'worker', 'all'] as const, 'all');
  const publicUrl = url(env, 'PUBLIC_URL', `http://localhost:${port}`);
  const labels = oneOf(env, 'LABELS', ['off', 'local', 'rekognition'] as const, mode === 'aws' ? 'rekognition' : 'local');
  if (labels === 'rekognition' && mode !== 'aws') throw new ConfigError('LABELS=rekognition needs MODE=aws');
  return {
    mode,
    role,
    host: env.HOST || '127.0.0.1',
    port,
    publicUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1, 5 * 1024 ** 3),
    maxPixels: integer(env, 'MAX_PIXELS', 100_000_000, 1, 1_000_000_000),
    accessTokenSeconds: integer(env, 'ACCESS_TOKEN_SECONDS', 900, 30, 86_400),
    refreshTokenSeconds: integer(env, 'REFRESH_TOKEN_SECONDS', 30 * 86_400, 60, 365 * 86_400),
    signedUrlSeconds: integer(env, 'SIGNED_URL_SECONDS', 3600, 10, 7 * 86_400),
    listingCacheBytes: integer(env, 'LISTING_CACHE_MB', 16, 0, 4096) * 1024 * 1024,
    metrics: metricsAccess(env, mode),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', cores, 1, 64),
    jobVisibilitySeconds: integer(env, 'JOB_VISIBILITY_SECONDS', 120, 5, 43_200),
    jobMaxAttempts: integer(env, 'JOB_MAX_ATTEMPTS', 5, 1, 100),
    labels,
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 20, 0, 600),
    requestIdleSeconds: integer(env, 'REQUEST_IDLE_SECONDS', 30, 1, 600),
    keepAliveSeconds: integer(env, 'KEEP_ALIVE_SECONDS', mode === 'aws' ? 65 : 5, 1, 3600),
    rateLimits:
      oneOf(env, 'RATE_LIMITS', ['on', 'off'] as const, 'on') === 'off'
        ? null
        : {
            perSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 20, 1, 100_000),
            burst: integer(env, 'RATE_LIMIT_BURST', 100, 1, 1_000_000),
            apiKeyDailyQuota: integer(env, 'API_KEY_DAILY_QUOTA', 100_000, 1, 1_000_000_000),
          },
    maxUploadsInFlight: integer(env, 'MAX_UPLOADS_IN_FLIGHT', 4, 1, 1000),
    quotaBytes: env.QUOTA_BYTES ? integer(env, 'QUOTA_BYTES', 0, 1, Number.MAX_SAFE_INTEGER) : null,
    trashDays: integer(env, 'TRASH_DAYS', DEFAULT_TRASH_DAYS, 0, 3650),
    trashSweepSeconds: integer(env, 'TRASH_SWEEP_SECONDS', 3600, 1, 86_400),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', mode === 'aws' ? 1 : 0, 0, 10),
    shareRedirectSeconds: integer(env, 'SHARE_REDIRECT_SECONDS', 60, 5, 3600),
    webDir: webDir(env),
    mail: mail(env, publicUrl),
    aws: mode === 'aws' ? loadAwsConfig(env, role) : null,
    socialSignIn: socialSignIn(env, mode),
  };
}
