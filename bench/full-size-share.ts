import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { run } from './measure.js';
import { peakRssMb, residentMb, signedIn, startServiceProcess, uploadReady } from './service-process.js';

export interface FullSizeShareFigures {
  megapixels: number;
  fileMb: number;
  clients: number;
  apiIdleMb: number;
  /** The API's highest resident memory while the clients shared and fetched, sampled every 20 ms. */
  apiPeakMb: number;
  workerPeakMb: number;
  /** From the first share request to the last byte of the last client's download. */
  seconds: number;
}

// Just under MAX_PIXELS (100,000,000): the largest photo the service accepts.
const WIDTH = 11_500;
const HEIGHT = 8_690;

/**
 * A 100 MP camera-like JPEG, stored turned (EXIF orientation 6), the costliest to render upright: a real photo
 * upscaled, with sensor-like grain so that it weighs what a real one does (about 30 MB at q90). Cached.
 */
async function hundredMegapixelPhoto(cache: string, source: string): Promise<string> {
  const file = path.join(cache, 'full-size-100mp-orient6.jpg');
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(cache, { recursive: true });
  const grain = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 45 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const upscaled = await sharp(source).rotate().resize(WIDTH, HEIGHT, { fit: 'fill' }).jpeg({ quality: 95 }).toBuffer();
  await sharp(upscaled)
    .composite([{ input: grain, blend: 'overlay' }])
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toFile(`${file}.part`);
  fs.renameSync(`${file}.part`, file);
  return file;
}

/** Follows a share link until the worker has made its copy (503 `preparing` until then); the bytes fetched. */
async function fetchShared(url: string): Promise<number> {
  for (;;) {
    const res = await fetch(url);
    if (res.status === 200) return (await res.arrayBuffer()).byteLength;
    await res.arrayBuffer();
    if (res.status !== 503) throw new Error(`${url} answered ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 200));
  }
}

/**
 * Four clients share one 100 MP photo as `original` at once and fetch it: the API (ROLE=api) and the worker
 * (ROLE=worker) in their own processes over one DATA_DIR, as `npm start` would run them split. The API's memory is
 * sampled throughout; the bar is 300 MB above idle.
 */
export async function measureFullSizeShare(cache: string, source: string, clients = 4): Promise<FullSizeShareFigures> {
  const photo = await hundredMegapixelPhoto(cache, source);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-full-size-'));
  const env = { DATA_DIR: dataDir, RATE_LIMITS: 'off' };
  const api = await startServiceProcess({ ...env, ROLE: 'api' });
  const worker = await startServiceProcess({ ...env, ROLE: 'worker' });
  try {
    const token = await signedIn(api.url);
    const photoId = await uploadReady(api.url, token, photo);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the upload's buffers be collected
    const apiPid = api.child.pid!;
    const apiIdleMb = residentMb(apiPid);
    let apiPeakMb = apiIdleMb;
    const sampler = setInterval(() => {
      apiPeakMb = Math.max(apiPeakMb, residentMb(apiPid));
    }, 20);
    const started = performance.now();
    try {
      await Promise.all(
        Array.from({ length: clients }, async () => {
          const res = await fetch(`${api.url}/photos/${photoId}/share`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ variant: 'original' }),
          });
          if (res.status !== 201) throw new Error(`share answered ${res.status}`);
          // The link is on PUBLIC_URL, which a service started on port 0 cannot know: the same path on the API.
          const link = new URL(((await res.json()) as { url: string }).url);
          return fetchShared(`${api.url}${link.pathname}`);
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    return {
      megapixels: (WIDTH * HEIGHT) / 1e6,
      fileMb: fs.statSync(photo).size / 1024 ** 2,
      clients,
      apiIdleMb,
      apiPeakMb,
      workerPeakMb: peakRssMb(worker.child.pid!),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function fullSizeShareSection(f: FullSizeShareFigures, command?: string): string[] {
  const above = f.apiPeakMb - f.apiIdleMb;
  return [
    '## 8. Full-size shares',
    '',
    ...(command ? [`Measured alone: \`${command}\`.`, ''] : []),
    `${f.clients} clients at once share one ${f.megapixels.toFixed(0)} MP photo (a ${f.fileMb.toFixed(0)} MB JPEG stored turned, EXIF orientation 6) as \`original\` and fetch their link until it serves the copy (503 \`preparing\` until the worker has made it). The API (ROLE=api) and the worker (ROLE=worker) in their own processes over one DATA_DIR; the API's VmRSS sampled every 20 ms from the first share request to the last byte (${f.seconds.toFixed(1)} s).`,
    '',
    '| process | resident memory |',
    '|---|---|',
    `| API, idle after the upload | ${f.apiIdleMb.toFixed(0)} MB |`,
    `| API, peak while the ${f.clients} shared and fetched | ${f.apiPeakMb.toFixed(0)} MB |`,
    `| worker, peak (VmHWM: the photo's variants, then its full-size copy) | ${f.workerPeakMb.toFixed(0)} MB |`,
    '',
    `- API above idle: ${above.toFixed(0)} MB (bar ≤ 300 MB: ${above <= 300 ? 'met' : 'NOT met'}). Before the worker made these copies (commit fec4a0a, the same bench), the API rendered them itself: 133 MB idle, 1,134 MB peak, 1,001 MB above idle.`,
    '',
  ];
}

if (process.argv[1] === import.meta.filename) {
  const here = import.meta.dirname;
  await run('npx', ['tsc', '-p', path.join(here, '..', 'tsconfig.build.json')]);
  const figures = await measureFullSizeShare(
    path.join(here, '.cache', 'full-size'),
    path.join(here, '.cache', 'corpus', 'jpeg', 'npm-sony-a6000.jpg'),
  );
  console.log(fullSizeShareSection(figures, 'node --import tsx bench/full-size-share.ts').join('\n'));
}
