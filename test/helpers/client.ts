import { setTimeout as sleep } from 'node:timers/promises';

export interface UploadFields {
  title?: string;
  description?: string;
  tags?: string;
}

/** A thin HTTP client for the API, as an API consumer would write one. */
export class Client {
  accessToken: string | null = null;
  refreshToken: string | null = null;

  /** `confirm` does what confirming an account takes (Cognito: an admin confirmation); local accounts need nothing. */
  constructor(
    readonly base: string,
    private readonly confirm?: (email: string) => Promise<void>,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    if (this.accessToken) (init.headers as Record<string, string>).authorization = `Bearer ${this.accessToken}`;
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    return fetchWithRetry(new URL(path, this.base), init);
  }

  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await this.request(method, path, body, headers);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  async signUpAndLogin(email: string, password = 'correct-horse-9'): Promise<string> {
    const signup = await this.json('POST', '/auth/signup', { email, password });
    if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
    if (signup.body.confirmationRequired) await this.confirm?.(email);
    const login = await this.json('POST', '/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
    this.accessToken = login.body.accessToken;
    this.refreshToken = login.body.refreshToken;
    return signup.body.userId;
  }

  upload(file: Buffer, filename: string, fields: UploadFields = {}, type = 'image/jpeg') {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
    form.append('file', new Blob([file], { type }), filename);
    return this.json('POST', '/photos', form);
  }

  /** Polls until the photo leaves `processing` (the worker is a real asynchronous event); fails after `timeoutMs`. */
  async waitForPhoto(photoId: string, timeoutMs = 30_000): Promise<any> {
    const photo = await waitFor(
      async () => {
        const { status, body } = await this.json('GET', `/photos/${photoId}`);
        if (status !== 200) throw new Error(`GET photo answered ${status}`);
        return body.status !== 'processing' && body;
      },
      { timeoutMs, intervalMs: 100 },
    );
    if (!photo) throw new Error(`photo ${photoId} still processing after ${timeoutMs} ms`);
    return photo;
  }
}

/**
 * Polls `check` until it returns something truthy and returns that, or
 * undefined once `timeoutMs` of real time has passed: the caller asserts on the
 * result. For real asynchronous events (a worker, a socket, a timer under
 * test), never for time a Clock could be moved through.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T | undefined> {
  // A duration, so performance.now(): it does not move with the wall clock.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (performance.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** A kept-alive socket closed by a server that restarted fails once: retry on a new one, as browsers do. */
async function fetchWithRetry(url: URL | string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

export async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const res = await fetchWithRetry(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * A share link of a full-size photo, once the worker has made the copy: until then the link answers 503
 * `preparing` (the worker is a real asynchronous event), which this waits out for up to `timeoutMs`.
 */
export async function fetchWhenPrepared<R extends { status: number }>(
  url: string,
  fetch: (url: string) => Promise<R>,
  timeoutMs = 30_000,
): Promise<R> {
  const answered = await waitFor(
    async () => {
      const res = await fetch(url);
      return res.status !== 503 && res;
    },
    { timeoutMs, intervalMs: 50 },
  );
  if (!answered) throw new Error(`${url} was still being prepared after ${timeoutMs} ms`);
  return answered;
}
