import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedIn, startServiceProcess, uploadPhoto } from './service-process.js';

export interface FloodFigures {
  seconds: number;
  /** /healthz latency with nothing else running, and while the floods run. */
  quiet: { p50: number; p99: number; max: number };
  flooded: { p50: number; p99: number; max: number };
  floods: { name: string; connections: number; requests: number; statuses: Record<string, number> }[];
}

function healthz(url: string, seconds: number) {
  return autocannon({ url: `${url}/healthz`, connections: 2, duration: seconds });
}

/**
 * /healthz (what the ALB asks) while the API is attacked from one address as
 * issue 13 describes: wrong passwords for one account, and 1 MB of nested
 * `[[[…]]]` to sign-in and, with a valid token, to a JSON route that takes 1 MB.
 */
export async function measureFlood(photo: string, seconds: number): Promise<FloodFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-flood-'));
  const api = await startServiceProcess({ DATA_DIR: dataDir, ROLE: 'api' });
  try {
    const victim = 'victim@example.com';
    await signedIn(api.url, victim);
    const attacker = await signedIn(api.url, 'attacker@example.com');
    const photoId = await uploadPhoto(api.url, attacker, new Blob([fs.readFileSync(photo)], { type: 'image/jpeg' }), 'p.jpg');
    const nested = '['.repeat(1024 * 1024);
    const json = { 'content-type': 'application/json' };

    const quiet = await healthz(api.url, seconds);
    const attacks = [
      {
        name: 'wrong passwords for one account',
        connections: 20,
        options: {
          url: `${api.url}/auth/login`,
          method: 'POST' as const,
          headers: json,
          body: JSON.stringify({ email: victim, password: 'guess-1234' }),
        },
      },
      {
        name: '1 MB of nested JSON to /auth/login',
        connections: 4,
        options: { url: `${api.url}/auth/login`, method: 'POST' as const, headers: json, body: nested },
      },
      {
        name: '1 MB of nested JSON to PATCH /photos/:id, signed in',
        connections: 4,
        options: {
          url: `${api.url}/photos/${photoId}`,
          method: 'PATCH' as const,
          headers: { ...json, authorization: `Bearer ${attacker}` },
          body: nested,
        },
      },
    ];
    // The bodies are too large for a command line: the attacker reads its plan from a file.
    const plan = path.join(dataDir, 'attacks.json');
    fs.writeFileSync(
      plan,
      JSON.stringify(attacks.map((a) => ({ connections: a.connections, options: { ...a.options, duration: seconds } }))),
    );
    const attackProcess = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'flood-attacker.ts'), plan]);
    let output = '';
    attackProcess.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const attackerDone = new Promise((resolve) => attackProcess.once('exit', resolve));
    // The probe starts once the attack is under way (tsx takes a moment to start).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const flooded = await healthz(api.url, seconds - 3);
    await attackerDone;
    const floods = JSON.parse(output) as { requests: number; statuses: Record<string, number> }[];
    const latency = (r: autocannon.Result) => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max });
    return {
      seconds,
      quiet: latency(quiet),
      flooded: latency(flooded),
      floods: attacks.map((a, i) => ({ name: a.name, connections: a.connections, ...floods[i]! })),
    };
  } finally {
    await api.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
