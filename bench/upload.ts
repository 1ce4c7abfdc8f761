import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pool, timed } from './measure.js';
import { peakRssMb, signedIn, startServiceProcess } from './service-process.js';

export interface UploadFigures {
  uploads: number;
  concurrency: number;
  files: string;
  mbPerSecond: { ours: number; bare: number };
  peakRssMb: { afterRun: number; idle: number; bigUploadMb: number; afterBigUpload: number };
}

/** The floor of any Node service: requests piped straight to a file. */
function bareServer(dir: string): Promise<http.Server> {
  let n = 0;
  const server = http.createServer(async (req, res) => {
    await pipeline(req, fs.createWriteStream(path.join(dir, `upload-${n++}`)));
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function post(url: string, token: string | null, body: Blob, name: string): Promise<void> {
  const form = new FormData();
  form.append('file', body, name);
  const res = await fetch(url, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
}

/** N uploads of the corpus's photos of 4 MB and more (jpeg/ and large/) at a concurrency, to our API and to the bare server; MB/s of each. */
export async function measureUploads(corpus: string, uploads: number, concurrency: number, rounds: number): Promise<UploadFigures> {
  const inFolder = (folder: string) => fs.readdirSync(path.join(corpus, folder)).filter((f) => f.endsWith('.jpg')).map((f) => path.join(corpus, folder, f));
  const photos = [...inFolder('jpeg').filter((f) => fs.statSync(f).size >= 4 * 1024 * 1024), ...inFolder('large')];
  const blobs = photos.map((f) => ({ name: path.basename(f), blob: new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }) }));
  const jobs = Array.from({ length: uploads }, (_, i) => blobs[i % blobs.length]!);
  const totalMb = jobs.reduce((sum, j) => sum + j.blob.size, 0) / 1024 ** 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-'));

  const bare = await bareServer(fs.mkdtempSync(path.join(work, 'bare-')));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const bareSeconds = (await timed(rounds, () => pool(jobs, concurrency, (j) => post(bareUrl, null, j.blob, j.name)))).median / 1000;
  bare.close();

  const limits = { ROLE: 'api', MAX_UPLOAD_BYTES: String(300 * 1024 * 1024) };
  const api = await startServiceProcess({ ...limits, DATA_DIR: path.join(work, 'data') });
  try {
    const token = await signedIn(api.url);
    const oursSeconds = (await timed(rounds, () => pool(jobs, concurrency, (j) => post(`${api.url}/photos`, token, j.blob, j.name)))).median / 1000;
    const afterRun = peakRssMb(api.child.pid!);

    // A fresh API, then one 200 MB upload: a JPEG's first bytes, then filler (only the worker decodes).
    const fresh = await startServiceProcess({ ...limits, DATA_DIR: path.join(work, 'data-big') });
    const bigMb = 200;
    let idle = 0;
    let afterBigUpload = 0;
    try {
      const again = await signedIn(fresh.url);
      idle = peakRssMb(fresh.child.pid!);
      const big = new Blob([blobs[0]!.blob.slice(0, 64 * 1024), new Uint8Array(bigMb * 1024 * 1024 - 64 * 1024)], { type: 'image/jpeg' });
      await post(`${fresh.url}/photos`, again, big, 'big.jpg');
      afterBigUpload = peakRssMb(fresh.child.pid!);
    } finally {
      await fresh.stop();
    }
    return {
      uploads,
      concurrency,
      files: `${photos.length} photos of ${photos.map((f) => (fs.statSync(f).size / 1024 ** 2).toFixed(1)).join(', ')} MB, ${totalMb.toFixed(0)} MB in all`,
      mbPerSecond: { ours: totalMb / oursSeconds, bare: totalMb / bareSeconds },
      peakRssMb: { afterRun, idle, bigUploadMb: bigMb, afterBigUpload },
    };
  } finally {
    await api.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
