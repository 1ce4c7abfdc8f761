import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, pool } from './measure.js';
import {
  cpuSeconds,
  peakRssMb,
  signedIn,
  signedInUsers,
  startReferenceProcess,
  startServiceProcess,
  UPLOADS_PER_USER,
} from './service-process.js';

export interface UploadFigures {
  uploads: number;
  concurrency: number;
  files: string;
  users: number;
  /** Ours with the usage plan on (the defaults), ours with RATE_LIMITS=off, the bare server. */
  mbPerSecond: { ours: number; oursUnlimited: number; bare: number };
  /** 429s our client waited out (Retry-After) with the limits on, over all rounds. */
  throttled: number;
  /** CPU seconds the server process spent per GB received, medians of the rounds. */
  cpuSecondsPerGb: { ours: number; bare: number };
  peakRssMb: { afterRun: number; idle: number; bigUploadMb: number; afterBigUpload: number };
}

let throttled = 0;

/** One upload, as a well-behaved client sends it: a 429 is waited out for its Retry-After, then sent again. */
async function post(url: string, token: string | null, body: Blob, name: string): Promise<void> {
  for (;;) {
    const form = new FormData();
    form.append('file', body, name);
    const res = await fetch(url, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (res.status === 429) {
      throttled++;
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return;
  }
}

/** N uploads of the corpus's photos of 4 MB and more (jpeg/ and large/) at a concurrency, to our API and to the bare server; MB/s of each. */
export async function measureUploads(
  corpus: string,
  uploads: number,
  concurrency: number,
  rounds: number,
  nodeOptions: string[] = [],
): Promise<UploadFigures> {
  const inFolder = (folder: string) =>
    fs
      .readdirSync(path.join(corpus, folder))
      .filter((f) => f.endsWith('.jpg'))
      .map((f) => path.join(corpus, folder, f));
  const photos = [...inFolder('jpeg').filter((f) => fs.statSync(f).size >= 4 * 1024 * 1024), ...inFolder('large')];
  const blobs = photos.map((f) => ({ name: path.basename(f), blob: new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }) }));
  const jobs = Array.from({ length: uploads }, (_, i) => blobs[i % blobs.length]!);
  const totalMb = jobs.reduce((sum, j) => sum + j.blob.size, 0) / 1024 ** 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-'));

  const bareDir = fs.mkdtempSync(path.join(work, 'bare-'));
  const bare = await startReferenceProcess('bare-upload-server.ts', [bareDir]);
  const limits = { ROLE: 'api', MAX_UPLOAD_BYTES: String(300 * 1024 * 1024) };
  const api = await startServiceProcess({ ...limits, DATA_DIR: path.join(work, 'data') }, nodeOptions);
  const unlimited = await startServiceProcess(
    { ...limits, RATE_LIMITS: 'off', DATA_DIR: path.join(work, 'data-off') },
    nodeOptions,
  );
  try {
    const users = Math.ceil(concurrency / UPLOADS_PER_USER);
    const tokens = {
      ours: await signedInUsers(api.url, users),
      oursUnlimited: await signedInUsers(unlimited.url, users),
      bare: [],
    };
    const servers = { ours: api, oursUnlimited: unlimited, bare };
    const cpu: Record<keyof typeof servers, number[]> = { ours: [], oursUnlimited: [], bare: [] };
    const seconds = async (which: keyof typeof servers) => {
      const server = servers[which];
      const url = which === 'bare' ? `${server.url}/` : `${server.url}/photos`;
      const cpuBefore = cpuSeconds(server.child.pid!);
      const start = process.hrtime.bigint();
      await pool(jobs, concurrency, (j, lane) =>
        post(url, tokens[which][Math.floor(lane / UPLOADS_PER_USER)] ?? null, j.blob, j.name),
      );
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      cpu[which].push((cpuSeconds(server.child.pid!) - cpuBefore) / (totalMb / 1024));
      // The bare server leaves its bytes dirty in the page cache; flushed later, they would
      // compete with whichever round runs then (and our fsyncs wait on that disk).
      execFileSync('sync');
      return elapsed;
    };
    // One warm-up each, then the servers in turns, so a noisy spell on the machine falls on all.
    const runs: Record<keyof typeof servers, number[]> = { ours: [], oursUnlimited: [], bare: [] };
    const order = ['bare', 'ours', 'oursUnlimited'] as const;
    for (const which of order) await seconds(which);
    throttled = 0;
    for (let i = 0; i < rounds; i++) for (const which of order) runs[which].push(await seconds(which));
    const afterRun = peakRssMb(api.child.pid!);

    // A fresh API, then one 200 MB upload: a JPEG's first bytes, then filler (only the worker decodes).
    const fresh = await startServiceProcess({ ...limits, DATA_DIR: path.join(work, 'data-big') });
    const bigMb = 200;
    let idle = 0;
    let afterBigUpload = 0;
    try {
      const again = await signedIn(fresh.url);
      idle = peakRssMb(fresh.child.pid!);
      const big = new Blob([blobs[0]!.blob.slice(0, 64 * 1024), new Uint8Array(bigMb * 1024 * 1024 - 64 * 1024)], {
        type: 'image/jpeg',
      });
      await post(`${fresh.url}/photos`, again, big, 'big.jpg');
      afterBigUpload = peakRssMb(fresh.child.pid!);
    } finally {
      await fresh.stop();
    }
    const mbPerSecond = (which: keyof typeof servers) => totalMb / median(runs[which]);
    return {
      uploads,
      concurrency,
      files: `${photos.length} photos of ${photos.map((f) => (fs.statSync(f).size / 1024 ** 2).toFixed(1)).join(', ')} MB, ${totalMb.toFixed(0)} MB in all`,
      users,
      mbPerSecond: { ours: mbPerSecond('ours'), oursUnlimited: mbPerSecond('oursUnlimited'), bare: mbPerSecond('bare') },
      throttled,
      cpuSecondsPerGb: { ours: median(cpu.ours.slice(1)), bare: median(cpu.bare.slice(1)) },
      peakRssMb: { afterRun, idle, bigUploadMb: bigMb, afterBigUpload },
    };
  } finally {
    await Promise.all([api.stop(), unlimited.stop(), bare.stop()]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
