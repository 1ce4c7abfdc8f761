import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');
/** What `npm start` runs after its build: node's flags and the entry point. */
const START_ARGS = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .slice(1);

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The built service (npm run build) in its own process, started as `npm start` starts it. */
export function startServiceProcess(env: Record<string, string>, nodeOptions: string[] = []): Promise<ServiceProcess> {
  return started(
    spawn(process.execPath, [...nodeOptions, ...START_ARGS], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
}

/** A reference server of the bench (a .ts file here that prints "listening on URL") in its own process. */
export function startReferenceProcess(script: string, args: string[]): Promise<ServiceProcess> {
  return started(
    spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
}

async function started(child: ChildProcess): Promise<ServiceProcess> {
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (found) resolve(found[1]!);
    });
    child.on('exit', (code) => {
      reject(new Error(`service exited with ${code}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

/** The process's peak resident memory so far, MB. */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

/** The process's resident memory now, MB. */
export const residentMb = (pid: number): number => statusMb(pid, 'VmRSS');

/** CPU seconds (user + system) a process has used so far, all its threads. */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime: fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function signedIn(url: string, email = 'bench@example.com'): Promise<string> {
  const account = { email, password: 'correct-horse-9' };
  const json = { 'content-type': 'application/json' };
  await fetch(`${url}/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify(account) });
  const login = (await (
    await fetch(`${url}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(account) })
  ).json()) as { accessToken: string };
  return login.accessToken;
}

/** The service's default MAX_UPLOADS_IN_FLIGHT. */
export const UPLOADS_PER_USER = 4;

/**
 * Accounts for upload lanes, as that many people uploading would be: one
 * account may only have MAX_UPLOADS_IN_FLIGHT (4) uploads at once, and its
 * requests are throttled to RATE_LIMIT_PER_SECOND (20).
 */
export async function signedInUsers(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(await signedIn(url, `bench${i}@example.com`));
  return tokens;
}

/** Uploads one photo; its id once the API has acknowledged it. */
export async function uploadPhoto(url: string, token: string, blob: Blob, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', blob, name);
  const res = await fetch(`${url}/photos`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { photoId: string }).photoId;
}

/** Uploads one photo and waits until the worker has made it ready; its id. */
export async function uploadReady(url: string, token: string, file: string, type = 'image/jpeg'): Promise<string> {
  const photoId = await uploadPhoto(url, token, new Blob([fs.readFileSync(file)], { type }), path.basename(file));
  const auth = { authorization: `Bearer ${token}` };
  for (let status = ''; status !== 'ready'; await new Promise((r) => setTimeout(r, 200))) {
    status = ((await (await fetch(`${url}/photos/${photoId}`, { headers: auth })).json()) as { status: string }).status;
    if (status === 'failed') throw new Error(`${path.basename(file)} failed in the worker`);
  }
  return photoId;
}
