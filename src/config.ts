import os from 'node:os';
import path from 'node:path';

export type Role = 'api' | 'worker' | 'all';
export type Mode = 'local';
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
  workerConcurrency: number;
  jobVisibilitySeconds: number;
  jobMaxAttempts: number;
  labels: 'off' | 'local';
  /** On SIGTERM, how long in-flight requests may take before their connections are closed. */
  shutdownGraceSeconds: number;
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

/** Reads and validates the environment; the only place that does. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const cores = Math.max(1, os.availableParallelism());
  return {
    mode: oneOf(env, 'MODE', ['local'] as const, 'local'),
    role: oneOf(env, 'ROLE', ['api', 'worker', 'all'] as const, 'all'),
    host: env.HOST || '127.0.0.1',
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1, 5 * 1024 ** 3),
    maxPixels: integer(env, 'MAX_PIXELS', 100_000_000, 1, 1_000_000_000),
    accessTokenSeconds: integer(env, 'ACCESS_TOKEN_SECONDS', 900, 30, 86_400),
    refreshTokenSeconds: integer(env, 'REFRESH_TOKEN_SECONDS', 30 * 86_400, 60, 365 * 86_400),
    signedUrlSeconds: integer(env, 'SIGNED_URL_SECONDS', 3600, 10, 7 * 86_400),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', cores, 1, 64),
    jobVisibilitySeconds: integer(env, 'JOB_VISIBILITY_SECONDS', 120, 5, 43_200),
    jobMaxAttempts: integer(env, 'JOB_MAX_ATTEMPTS', 5, 1, 100),
    labels: oneOf(env, 'LABELS', ['off', 'local'] as const, 'local'),
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 20, 0, 600),
  };
}
