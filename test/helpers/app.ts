import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { blobKeys } from '../../src/domain/blob-keys.js';
import type { Photo, ProcessedResult } from '../../src/domain/photo.js';
import { apiDeps } from '../../src/wiring/api-deps.js';
import { localAdapters, type LocalTuning } from '../../src/wiring/local-adapters.js';
import type { Adapters } from '../../src/wiring/adapters.js';
import { newPhoto, tempDir } from './factories.js';
import { ManualClock } from './manual-clock.js';

export const TEST_ORIGIN = 'http://photoshare.test';

export interface TestApp {
  app: FastifyInstance;
  adapters: Adapters;
  clock: ManualClock;
  dataDir: string;
  /** Signs up and in through the API; answers the user's id and the headers that carry the token. */
  signIn(email: string): Promise<{ userId: string; headers: { authorization: string } }>;
  /** A photo record as the worker leaves it: ready, with variants. */
  readyPhoto(userId: string, overrides?: Partial<Photo>): Promise<Photo>;
  /** Every response's status must be one its route declares (what /openapi.json promises). */
  undeclared: string[];
}

/**
 * The API alone on the embedded adapters in a temporary DATA_DIR, on a
 * ManualClock, for `app.inject`: no socket, no worker. Route rules are tested
 * here; the stories in test/stories keep real HTTP.
 */
export async function buildTestApp(
  t: Test,
  env: Record<string, string> = {},
  addRoutes?: (app: FastifyInstance) => void,
  /** Beyond the clock: e.g. a `mailer` that keeps what is sent. */
  tuning: Omit<LocalTuning, 'clock'> = {},
): Promise<TestApp> {
  const dataDir = tempDir(t);
  const config = loadConfig({ LOG_LEVEL: 'silent', LABELS: 'off', PUBLIC_URL: TEST_ORIGIN, ...env, DATA_DIR: dataDir });
  const clock = new ManualClock(new Date());
  const adapters = localAdapters(config, { ...tuning, clock });
  const app = await buildApp(apiDeps(config, adapters, clock, null));
  const undeclared: string[] = [];
  app.addHook('onResponse', async (request, reply) => {
    const declared = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (request.routeOptions.url && declared && !(String(reply.statusCode) in declared)) {
      undeclared.push(`${request.method} ${request.routeOptions.url} → ${reply.statusCode}`);
    }
  });
  addRoutes?.(app);
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await adapters.close();
  });
  t.teardown(() => {
    assertAllDeclared(undeclared);
  });

  return {
    app,
    adapters,
    clock,
    dataDir,
    undeclared,
    async signIn(email) {
      const credentials = { email, password: 'correct-horse-9' };
      const signup = await app.inject({ method: 'POST', url: '/auth/signup', payload: credentials });
      if (signup.statusCode !== 201) throw new Error(`sign-up answered ${signup.statusCode}: ${signup.body}`);
      const login = await app.inject({ method: 'POST', url: '/auth/login', payload: credentials });
      if (login.statusCode !== 200) throw new Error(`sign-in answered ${login.statusCode}: ${login.body}`);
      return {
        userId: signup.json<{ userId: string }>().userId,
        headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` },
      };
    },
    async readyPhoto(userId, overrides = {}) {
      const photo = newPhoto({ userId, createdAt: clock.now().toISOString(), ...overrides });
      await adapters.photos.create(photo);
      const variant = (name: 'thumbnail' | 'preview') => ({
        key: blobKeys.derived(userId, photo.photoId, name),
        contentType: 'image/jpeg',
        width: 10,
        height: 10,
        size: 3,
        etag: `"${name}"`,
      });
      const result: ProcessedResult = {
        width: 40,
        height: 30,
        takenAt: null,
        camera: null,
        variants: { thumbnail: variant('thumbnail'), preview: variant('preview') },
        thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
        labels: [],
        moderation: overrides.moderation ?? [],
      };
      await adapters.photos.markReady(photo.photoId, result, clock.now());
      return (await adapters.photos.get(photo.photoId))!;
    },
  };
}

/** Throws (failing the test whose teardown calls it) when a route answered a status it does not declare. */
export function assertAllDeclared(undeclared: string[]): void {
  if (undeclared.length > 0) throw new Error(`answered with a status its route does not declare: ${undeclared.join('; ')}`);
}

/** `app.inject` with the JSON body parsed. */
export async function injectJson<T = any>(app: FastifyInstance, options: InjectOptions) {
  const res = await app.inject(options);
  return { status: res.statusCode, headers: res.headers, body: (res.body ? JSON.parse(res.body) : null) as T };
}
