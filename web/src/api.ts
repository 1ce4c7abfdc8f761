/** The browser's side of HTTP API v1: tokens, JSON calls, uploads with progress. */

export interface Photo {
  photoId: string;
  status: 'processing' | 'ready' | 'failed';
  filename: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  createdAt: string;
  title: string;
  description: string;
  tags: string[];
  labels: { name: string; confidence: number }[];
  camera: { make: string | null; model: string | null } | null;
  urls: { thumbnail: string; preview: string } | null;
  error?: string;
}

export interface Share {
  shareId: string;
  photoId: string;
  url?: string;
  variant: string;
  expiresAt: string;
  createdAt: string;
  views: number;
  state: 'live' | 'expired' | 'revoked';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REFRESH_KEY = 'photoshare.refreshToken';
let accessToken: string | null = null;
let onSignedOut: () => void = () => {};

export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export function hasSession(): boolean {
  return localStorage.getItem(REFRESH_KEY) !== null;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${res.status}.`);
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await errorOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function signUp(email: string, password: string): Promise<{ confirmationRequired: boolean }> {
  return post('/auth/signup', { email, password });
}

export async function confirm(email: string, code: string): Promise<void> {
  await post('/auth/confirm', { email, code });
}

export async function signIn(email: string, password: string): Promise<void> {
  const tokens = await post<{ accessToken: string; refreshToken: string }>('/auth/login', { email, password });
  accessToken = tokens.accessToken;
  localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
}

async function refresh(): Promise<boolean> {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  try {
    accessToken = (await post<{ accessToken: string }>('/auth/refresh', { refreshToken })).accessToken;
    return true;
  } catch {
    localStorage.removeItem(REFRESH_KEY);
    return false;
  }
}

export async function signOut(): Promise<void> {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  localStorage.removeItem(REFRESH_KEY);
  accessToken = null;
  if (refreshToken) await post('/auth/logout', { refreshToken }).catch(() => undefined);
}

/** A token that is still good, refreshed if it lapsed; signs out when the session is gone. */
async function token(): Promise<string> {
  if (accessToken) return accessToken;
  if (await refresh()) return accessToken!;
  onSignedOut();
  throw new ApiError(401, 'unauthorized', 'Please sign in again.');
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${await token()}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (res.status === 401 && attempt === 0) {
      accessToken = null;
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}

export const listPhotos = (cursor: string | null, limit = 30) =>
  call<{ items: Photo[]; nextCursor: string | null }>('GET', `/photos?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const getPhoto = (id: string) => call<Photo>('GET', `/photos/${id}`);
export const updatePhoto = (id: string, edit: { title?: string; tags?: string[] }) => call<Photo>('PATCH', `/photos/${id}`, edit);
export const deletePhoto = (id: string) => call<void>('DELETE', `/photos/${id}`);
export const originalUrl = (id: string) => call<{ url: string }>('GET', `/photos/${id}/original`, undefined, { accept: 'application/json' });
export const sharePhoto = (id: string, expiresInSeconds: number) => call<Share>('POST', `/photos/${id}/share`, { expiresInSeconds });
export const listShares = (id: string) => call<{ items: Share[] }>('GET', `/photos/${id}/shares`);
export const revokeShare = (shareId: string) => call<void>('DELETE', `/shares/${shareId}`);
export const settings = () => fetch('/settings').then((r) => r.json() as Promise<{ maxUploadBytes: number }>);

export interface UploadHandle {
  done: Promise<Photo>;
  cancel(): void;
}

/** XMLHttpRequest, because fetch still reports no upload progress. */
export async function upload(file: File, onProgress: (fraction: number) => void): Promise<UploadHandle> {
  const bearer = await token();
  const xhr = new XMLHttpRequest();
  const done = new Promise<Photo>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) resolve(body as Photo);
      else reject(new ApiError(xhr.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${xhr.status}.`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload was interrupted.'));
    xhr.onabort = () => reject(new ApiError(0, 'cancelled', 'Cancelled.'));
  });
  const form = new FormData();
  form.append('file', file, file.name);
  xhr.open('POST', '/photos');
  xhr.setRequestHeader('authorization', `Bearer ${bearer}`);
  xhr.send(form);
  return { done, cancel: () => xhr.abort() };
}
