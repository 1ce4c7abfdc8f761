import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, pool } from './measure.js';
import { peakRssMb, residentMb, signedIn, startServiceProcess, uploadReady, UPLOADS_PER_USER } from './service-process.js';

export interface HeicMemoryFigures {
  /** At each checkpoint (photos ready so far): the median of the service's VmRSS samples, and the samples, MB. */
  after: { photos: number; rssMb: number; samplesMb: number[] }[];
  /** VmHWM at the end, MB. */
  peakRssMb: number;
  samples: number;
}

const SAMPLES = 5;

/**
 * The whole service as `npm start` runs it (API and worker in one process, its default WORKER_CONCURRENCY),
 * given HEIC photos (`files` over and over) by one account with MAX_UPLOADS_IN_FLIGHT lanes, each uploading a
 * photo and waiting until it is ready. At each checkpoint, with the queue empty, VmRSS is sampled once a second.
 */
export async function measureHeicMemory(files: string[], checkpoints: number[]): Promise<HeicMemoryFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-heic-memory-'));
  const service = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'all', RATE_LIMITS: 'off' });
  try {
    const token = await signedIn(service.url);
    const pid = service.child.pid!;
    const after: HeicMemoryFigures['after'] = [];
    let ready = 0;
    for (const photos of checkpoints) {
      const next = Array.from({ length: photos - ready }, (_, i) => files[(ready + i) % files.length]!);
      await pool(next, UPLOADS_PER_USER, (file) => uploadReady(service.url, token, file, 'image/heic'));
      ready = photos;
      const samplesMb: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
        samplesMb.push(residentMb(pid));
      }
      after.push({ photos, rssMb: median(samplesMb), samplesMb });
    }
    return { after, peakRssMb: peakRssMb(pid), samples: SAMPLES };
  } finally {
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
