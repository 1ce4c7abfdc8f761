import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pool } from './measure.js';
import { cpuSeconds, signedInUsers, startServiceProcess, uploadPhoto, UPLOADS_PER_USER } from './service-process.js';

export interface EndToEndFigures {
  photos: number;
  concurrency: number;
  workerConcurrency: number;
  /** From the first upload sent to the last photo ready. */
  seconds: number;
  uploadSeconds: number;
  photosPerSecond: number;
  /** Per photo: from the upload's record (acknowledged) to ready, ms. */
  readyMs: { p50: number; p95: number; max: number };
  /** The age of the oldest photo still processing, sampled while the queue drained: its maximum, ms. */
  maxQueueLagMs: number;
  maxBacklog: number;
  /** CPU the service used over the run, as a share of all cores' time. */
  cpuShare: number;
  /** The same, once every upload was in: the worker alone draining the queue. */
  drainCpuShare: number;
}

interface Listed {
  photoId: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** `count` photos uploaded at `concurrency` to the whole service (API and worker, as `npm start` runs it) until every one is ready. */
export async function measureEndToEnd(
  corpus: string,
  count: number,
  concurrency: number,
  nodeOptions: string[] = [],
): Promise<EndToEndFigures> {
  const files = fs
    .readdirSync(corpus)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(corpus, f));
  const blobs = files.map((f) => ({ name: path.basename(f), blob: new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }) }));
  const jobs = Array.from({ length: count }, (_, i) => blobs[i % blobs.length]!);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
  // The service's default (config.ts): one photo per core.
  const workerConcurrency = os.availableParallelism();
  const service = await startServiceProcess(
    { DATA_DIR: dataDir, ROLE: 'all', WORKER_CONCURRENCY: String(workerConcurrency) },
    nodeOptions,
  );
  try {
    // MAX_UPLOADS_IN_FLIGHT (4) lanes per account, so as many accounts as that takes.
    const uploaders = await signedInUsers(service.url, Math.ceil(concurrency / UPLOADS_PER_USER));
    const listOf = async (token: string) =>
      (
        (await (
          await fetch(`${service.url}/photos?limit=${count}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { items: Listed[] }
      ).items;
    const list = async () => (await Promise.all(uploaders.map(listOf))).flat();

    let maxQueueLagMs = 0;
    let maxBacklog = 0;
    let done = false as boolean;
    // Samples the backlog as a client polling its library would see it.
    const sampler = (async () => {
      while (!done) {
        const now = Date.now();
        const waiting = (await list()).filter((p) => p.status === 'processing');
        maxBacklog = Math.max(maxBacklog, waiting.length);
        for (const p of waiting) maxQueueLagMs = Math.max(maxQueueLagMs, now - Date.parse(p.createdAt));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    const start = Date.now();
    const cpuAtStart = cpuSeconds(service.child.pid!);
    await pool(jobs, concurrency, (job, lane) =>
      uploadPhoto(service.url, uploaders[Math.floor(lane / UPLOADS_PER_USER)]!, job.blob, job.name),
    );
    const uploadSeconds = (Date.now() - start) / 1000;
    const cpuAfterUploads = cpuSeconds(service.child.pid!);
    let photos: Listed[] = [];
    for (;;) {
      photos = await list();
      const failed = photos.filter((p) => p.status === 'failed');
      if (failed.length > 0) throw new Error(`${failed.length} photos failed`);
      if (photos.length === count && photos.every((p) => p.status === 'ready')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cpuUsed = cpuSeconds(service.child.pid!) - cpuAtStart;
    const wall = (Date.now() - start) / 1000;
    const drainCpuShare =
      (cpuSeconds(service.child.pid!) - cpuAfterUploads) / ((wall - uploadSeconds) * os.availableParallelism());
    done = true;
    await sampler;
    const lastReady = Math.max(...photos.map((p) => Date.parse(p.updatedAt)));
    const seconds = (lastReady - start) / 1000;
    const readyMs = photos.map((p) => Date.parse(p.updatedAt) - Date.parse(p.createdAt)).sort((a, b) => a - b);
    return {
      photos: count,
      concurrency,
      workerConcurrency,
      seconds,
      uploadSeconds,
      photosPerSecond: count / seconds,
      readyMs: { p50: percentile(readyMs, 50), p95: percentile(readyMs, 95), max: readyMs[readyMs.length - 1]! },
      maxQueueLagMs,
      maxBacklog,
      cpuShare: cpuUsed / (wall * os.availableParallelism()),
      drainCpuShare,
    };
  } finally {
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
