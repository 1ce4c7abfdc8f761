import type { Node } from 'constructs';

/** What a deployment may choose, from CDK context (`cdk.json` or `-c key=value`). */
export interface StackSettings {
  /** 0 (default): tasks in public subnets with public IPs, no NAT cost. 1–2: private subnets behind NAT. */
  natGateways: number;
  /** ACM certificate for the ALB: HTTPS on 443, HTTP redirected to it. */
  certificateArn: string | null;
  /** The address people use (a domain in front of the ALB); defaults to the ALB's own DNS name. */
  publicUrl: string | null;
  /** PEM of the CloudFront public key; without it the stack takes a `CdnPublicKeyPem` parameter. */
  cdnPublicKeyPem: string | null;
  /** Secrets Manager secret holding the matching private key (PEM) that the API signs with. */
  cdnPrivateKeySecretName: string;
  /**
   * A WAF web ACL (scope CLOUDFRONT, so made in us-east-1, outside this stack) for the CloudFront distribution.
   * Without it the distribution has none: it serves only URLs the API signed.
   */
  cdnWebAclArn: string | null;
  /** Origins allowed by the originals bucket's CORS rule (the web UI); defaults to the public URL. */
  corsOrigins: string[] | null;
  apiMinTasks: number;
  apiMaxTasks: number;
  workerMaxTasks: number;
  /** WAF: requests per IP per 5 minutes before it is blocked, and a tighter one on /auth/. */
  requestsPerIpPer5Min: number;
  authRequestsPerIpPer5Min: number;
  /** Adds the X-Ray daemon beside each container and lets the tasks send traces. */
  tracing: boolean;
  /** Where alarm notifications go (an SNS email subscription). */
  alarmEmail: string | null;
  /** Google sign-in for the user pool: the OAuth client id and the secret holding its client secret. */
  google: { clientId: string; clientSecretName: string; domainPrefix: string } | null;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Raw = (key: string) => unknown;

function text(raw: Raw, key: string): string | null {
  const value = raw(key);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new SettingsError(`context ${key} must be a string`);
  return value;
}

function whole(raw: Raw, key: string, fallback: number, min: number, max: number): number {
  const value = raw(key);
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SettingsError(`context ${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

function flag(raw: Raw, key: string): boolean {
  const value = raw(key);
  if (value === undefined || value === null || value === '') return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new SettingsError(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

function list(raw: Raw, key: string): string[] | null {
  const value = raw(key);
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  throw new SettingsError(`context ${key} must be a list of strings`);
}

export function readSettings(node: Node): StackSettings {
  const raw: Raw = (key) => node.tryGetContext(key);
  const apiMinTasks = whole(raw, 'apiMinTasks', 1, 1, 50);
  const apiMaxTasks = whole(raw, 'apiMaxTasks', 4, 1, 100);
  if (apiMaxTasks < apiMinTasks) throw new SettingsError('context apiMaxTasks must not be below apiMinTasks');
  const googleClientId = text(raw, 'googleClientId');
  const publicKey = text(raw, 'cdnPublicKeyPem');
  if (publicKey && !publicKey.includes('BEGIN PUBLIC KEY'))
    throw new SettingsError('context cdnPublicKeyPem must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  const cdnWebAclArn = text(raw, 'cdnWebAclArn');
  if (cdnWebAclArn && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+/.test(cdnWebAclArn))
    throw new SettingsError(
      'context cdnWebAclArn must be the ARN of a CLOUDFRONT-scope WAFv2 web ACL (in us-east-1, global/webacl/…)',
    );
  return {
    natGateways: whole(raw, 'natGateways', 0, 0, 2),
    certificateArn: text(raw, 'certificateArn'),
    publicUrl: text(raw, 'publicUrl'),
    cdnPublicKeyPem: publicKey?.replace(/\\n/g, '\n') ?? null,
    cdnPrivateKeySecretName: text(raw, 'cdnPrivateKeySecretName') ?? 'photoshare/cdn-private-key',
    cdnWebAclArn,
    corsOrigins: list(raw, 'corsOrigins'),
    apiMinTasks,
    apiMaxTasks,
    workerMaxTasks: whole(raw, 'workerMaxTasks', 4, 1, 100),
    requestsPerIpPer5Min: whole(raw, 'requestsPerIpPer5Min', 3000, 100, 2_000_000_000),
    authRequestsPerIpPer5Min: whole(raw, 'authRequestsPerIpPer5Min', 100, 10, 2_000_000_000),
    tracing: flag(raw, 'tracing'),
    alarmEmail: text(raw, 'alarmEmail'),
    google: googleClientId
      ? {
          clientId: googleClientId,
          clientSecretName: text(raw, 'googleClientSecretName') ?? 'photoshare/google-client-secret',
          domainPrefix:
            text(raw, 'authDomainPrefix') ??
            (() => {
              throw new SettingsError('context authDomainPrefix is required with googleClientId (the hosted sign-in domain)');
            })(),
        }
      : null,
  };
}
