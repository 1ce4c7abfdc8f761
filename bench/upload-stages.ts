import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, pool } from './measure.js';
import { cpuSeconds, startReferenceProcess, type ServiceProcess } from './service-process.js';

// Where upload ingest loses against the bare server: the same 200 uploads at
// concurrency 8 through each added stage, rounds in turns. A diagnosis, not part
// of `npm run bench`: node --import tsx bench/upload-stages.ts [rounds]
const rounds = Number(process.argv[2]) || 3;
const corpus = path.join(import.meta.dirname, '.cache', 'corpus');
const inFolder = (folder: string) =>
  fs
    .readdirSync(path.join(corpus, folder))
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => path.join(corpus, folder, f));
const files = [...inFolder('jpeg').filter((f) => fs.statSync(f).size >= 4 * 1024 * 1024), ...inFolder('large')];
const blobs = files.map((f) => new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }));
const jobs = Array.from({ length: 200 }, (_, i) => blobs[i % blobs.length]!);
const totalMb = jobs.reduce((sum, b) => sum + b.size, 0) / 1024 ** 2;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-stages-'));

const servers: Record<string, ServiceProcess> = {
  'bare (request piped to a file)': await startReferenceProcess('bare-upload-server.ts', [dir]),
  'multipart → /dev/null': await startReferenceProcess('upload-stage-server.ts', [dir, 'none', 'null']),
  'multipart → file': await startReferenceProcess('upload-stage-server.ts', [dir, 'none', 'file']),
  'multipart → SHA-256 Transform → file': await startReferenceProcess('upload-stage-server.ts', [dir, 'hash', 'file']),
  'multipart → FolderBlobStore': await startReferenceProcess('upload-stage-server.ts', [dir, 'none', 'store']),
  "multipart → UploadInspector → FolderBlobStore (the API's path)": await startReferenceProcess('upload-stage-server.ts', [
    dir,
    'inspect',
    'store',
  ]),
};
const mbPerSecond: Record<string, number[]> = {};
const cpuPerGb: Record<string, number[]> = {};
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, server] of Object.entries(servers)) {
      const cpuBefore = cpuSeconds(server.child.pid!);
      const start = performance.now();
      await pool(jobs, 8, async (blob) => {
        const form = new FormData();
        form.append('file', blob, 'photo.jpg');
        const res = await fetch(`${server.url}/`, { method: 'POST', body: form });
        if (res.status !== 201) throw new Error(`${name} answered ${res.status}`);
        await res.arrayBuffer();
      });
      (mbPerSecond[name] ??= []).push(totalMb / ((performance.now() - start) / 1000));
      (cpuPerGb[name] ??= []).push((cpuSeconds(server.child.pid!) - cpuBefore) / (totalMb / 1024));
      execFileSync('sync'); // what one server left dirty is not flushed during the next one's turn
    }
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
}
const bare = median(Object.values(mbPerSecond)[0]!);
for (const [name, runs] of Object.entries(mbPerSecond)) {
  process.stdout.write(
    `${name}: ${runs.map((r) => r.toFixed(0)).join(', ')} MB/s; median ${(median(runs) / bare).toFixed(2)}× bare; server CPU ${median(cpuPerGb[name]!).toFixed(2)} s/GB\n`,
  );
}
