import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/adapters/local/sqlite-database.js';
import { SqlitePhotoRepo } from '../src/adapters/local/sqlite-photo-repo.js';
import { newId } from '../src/domain/ids.js';
import type { ProcessedResult } from '../src/domain/photo.js';
import { signedIn, startReferenceProcess, startServiceProcess, uploadReady } from './service-process.js';

const LIMIT_ROUNDS = 5;

export interface ListingFigures {
  photos: number;
  connections: number;
  seconds: number;
  /** Page cache on, the usage plan on (counting every request, set high enough never to refuse one). */
  ours: { rps: number; p50: number; p99: number };
  /** The same with RATE_LIMITS=off. */
  oursUnlimited: { rps: number; p50: number; p99: number };
  /** Requests/s of every run, with and without the limits. */
  limitRuns: { on: number[]; off: number[] };
  /** With LISTING_CACHE_MB=0: every page built from the database. */
  uncached: { rps: number; p50: number; p99: number };
  constant: { rps: number; p50: number; p99: number };
}

async function load(url: string, token: string | null, connections: number, seconds: number) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(token && { headers: { authorization: `Bearer ${token}` } }),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** GET /photos?limit=50 for a user with `count` photos, against Fastify sending the same page as a constant. */
export async function measureListing(
  photo: string,
  count: number,
  connections: number,
  seconds: number,
  nodeOptions: string[] = [],
): Promise<ListingFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-listing-'));
  try {
    // One real photo through the whole service, then copies of its record up to `count`.
    const all = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'all' });
    const token = await signedIn(all.url);
    const photoId = await uploadReady(all.url, token, photo);
    await all.stop();
    const db = openDatabase(dataDir);
    db.pragma('synchronous = OFF'); // seeding only: the service itself commits with FULL
    const repo = new SqlitePhotoRepo(db, () => {});
    const model = (await repo.get(photoId))!;
    const start = Date.parse(model.createdAt);
    for (let i = 1; i < count; i++) {
      const createdAt = new Date(start - i * 60_000).toISOString();
      const copy = { ...model, photoId: newId(), createdAt, updatedAt: createdAt, status: 'processing' as const };
      await repo.create(copy);
      await repo.markReady(
        copy.photoId,
        {
          width: model.width!,
          height: model.height!,
          takenAt: model.takenAt,
          camera: model.camera,
          variants: model.variants as ProcessedResult['variants'],
          thumbhash: model.thumbhash ?? '',
          labels: model.labels,
          moderation: model.moderation,
        },
        new Date(createdAt),
      );
    }
    db.close();

    const measureApi = async (env: Record<string, string>) => {
      const api = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'api', ...env }, nodeOptions);
      try {
        const page = `${api.url}/photos?limit=50`;
        const body = await (await fetch(page, { headers: { authorization: `Bearer ${token}` } })).text();
        if ((JSON.parse(body) as { items: unknown[] }).items.length !== 50) throw new Error('expected a page of 50');
        return { body, figures: await load(page, token, connections, seconds) };
      } finally {
        await api.stop();
      }
    };
    // One user at thousands of requests a second: the default 20/s would refuse nearly all of them. The
    // bucket is made large enough never to refuse, so what is measured is what counting costs.
    const counting = { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '1000000' };
    // With and without the limits in turns, five times each, which goes first alternating: runs of the
    // same server differ by 10-15 % here, so one pair says little; the medians are compared.
    const withLimits: ListingFigures['ours'][] = [];
    const withoutLimits: ListingFigures['ours'][] = [];
    let body = '';
    const measureOn = async () => {
      const on = await measureApi(counting);
      body = on.body;
      withLimits.push(on.figures);
    };
    const measureOff = async () => {
      withoutLimits.push((await measureApi({ RATE_LIMITS: 'off' })).figures);
    };
    for (let round = 0; round < LIMIT_ROUNDS; round++) {
      if (round % 2 === 0) await measureOn().then(measureOff);
      else await measureOff().then(measureOn);
    }
    const byRps = (runs: ListingFigures['ours'][]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
    const ours = byRps(withLimits);
    const oursUnlimited = byRps(withoutLimits);
    const { figures: uncached } = await measureApi({ ...counting, LISTING_CACHE_MB: '0' });

    const bodyFile = path.join(dataDir, 'page.json');
    fs.writeFileSync(bodyFile, body);
    const constant = await startReferenceProcess('constant-server.ts', [bodyFile]);
    const reference = await load(`${constant.url}/photos`, null, connections, seconds);
    await constant.stop();
    return {
      photos: count,
      connections,
      seconds,
      ours,
      oursUnlimited,
      limitRuns: { on: withLimits.map((r) => Math.round(r.rps)), off: withoutLimits.map((r) => Math.round(r.rps)) },
      uncached,
      constant: reference,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
