import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signedIn, startServiceProcess, uploadReady } from './service-process.js';

export interface ShareFigures {
  connections: number;
  seconds: number;
  previewBytes: number;
  ours: number;
  nginx: number;
  notModified: { status: number; bytes: number };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rps(url: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

function findFile(dir: string, test: (p: string) => boolean): string {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      try {
        return findFile(full, test);
      } catch {
        continue;
      }
    }
    if (test(full)) return full;
  }
  throw new Error(`nothing in ${dir}`);
}

/** GET /s/:token of a preview against nginx (one worker, like our one process) serving the same file. */
export async function measureShareServing(
  photo: string,
  connections: number,
  seconds: number,
  nodeOptions: string[] = [],
): Promise<ShareFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-share-'));
  try {
    const all = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'all' });
    const token = await signedIn(all.url);
    const auth = { authorization: `Bearer ${token}` };
    const photoId = await uploadReady(all.url, token, photo);
    const share = (await (
      await fetch(`${all.url}/photos/${photoId}/share`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { url: string };
    const sharePath = new URL(share.url).pathname;
    await all.stop();

    // One client address at thousands of requests a second is what the per-address share limit (200 per 10 s)
    // refuses: this measures serving, so without the usage plan (sections 2 and 3 measure what it costs).
    const api = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'api', RATE_LIMITS: 'off' }, nodeOptions);
    const first = await fetch(`${api.url}${sharePath}`);
    const previewBytes = (await first.arrayBuffer()).byteLength;
    const revalidated = await fetch(`${api.url}${sharePath}`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    const notModified = { status: revalidated.status, bytes: (await revalidated.arrayBuffer()).byteLength };
    const ours = await rps(`${api.url}${sharePath}`, connections, seconds);
    await api.stop();

    const preview = findFile(dataDir, (p) => p.includes(photoId) && p.includes('preview'));
    const root = path.join(dataDir, 'nginx');
    fs.mkdirSync(path.join(root, 'www'), { recursive: true });
    fs.copyFileSync(preview, path.join(root, 'www', 'preview.jpg'));
    // nginx's worker drops to an unprivileged user when started as root: let it read the file.
    for (const p of [dataDir, root, path.join(root, 'www')]) fs.chmodSync(p, 0o755);
    fs.chmodSync(path.join(root, 'www', 'preview.jpg'), 0o644);
    const port = await freePort();
    fs.writeFileSync(
      path.join(root, 'nginx.conf'),
      `worker_processes 1; pid ${root}/nginx.pid; error_log stderr;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${root}; proxy_temp_path ${root}; fastcgi_temp_path ${root}; uwsgi_temp_path ${root}; scgi_temp_path ${root};
  types { image/jpeg jpg; }
  server { listen 127.0.0.1:${port}; location / { root ${root}/www; etag on; } } }
`,
    );
    const nginx = spawn('nginx', ['-c', path.join(root, 'nginx.conf'), '-p', root, '-g', 'daemon off;'], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 500));
    try {
      const reference = await rps(`http://127.0.0.1:${port}/preview.jpg`, connections, seconds);
      return { connections, seconds, previewBytes, ours, nginx: reference, notModified };
    } finally {
      nginx.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
