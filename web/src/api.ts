/** The browser's side of HTTP API v1: tokens, JSON calls, uploads with progress. */

import type { components, paths } from './api-types.js';

// Every type below comes from web/src/api-types.ts, generated from the API's own
// OpenAPI document (`npm run gen:api-types`); none is written by hand. Each is an
// indexed access, so a route, status or field that goes away stops the build.

type Schemas = components['schemas'];
/** The JSON body of a response or request body. */
type Json<T extends { content: { 'application/json': unknown } }> = T['content']['application/json'];

export type Photo = Schemas['Photo'];
/** A share link as listed: its state and views, never its URL. */
export type Share = Schemas['Share'];
/** The share link just made: the one time its URL is shown. */
export type CreatedShare = Schemas['CreatedShare'];
/** The error envelope every route answers with. */
export type ErrorBody = Schemas['Error'];
export type Credentials = Json<paths['/auth/signup']['post']['requestBody']>;
export type SignInRequest = Json<paths['/auth/login']['post']['requestBody']>;
export type SignInResult = Json<paths['/auth/login']['post']['responses'][200]>;
export type MfaAnswer = Json<paths['/auth/mfa/challenge']['post']['requestBody']>;
export type Confirmation = Json<paths['/auth/confirm']['post']['requestBody']>;
export type RefreshRequest = Json<paths['/auth/refresh']['post']['requestBody']>;
export type LogoutRequest = Json<paths['/auth/logout']['post']['requestBody']>;
export type SignUpResult = Json<paths['/auth/signup']['post']['responses'][201]>;
export type Tokens = Json<paths['/auth/refresh']['post']['responses'][200]>;
export type PhotoPage = Json<paths['/photos']['get']['responses'][200]>;
export type PhotoEdit = Json<paths['/photos/{photoId}']['patch']['requestBody']>;
export type OriginalUrl = Json<paths['/photos/{photoId}/original']['get']['responses'][200]>;
export type NewShare = Json<paths['/photos/{photoId}/share']['post']['requestBody']>;
export type ShareList = Json<paths['/photos/{photoId}/shares']['get']['responses'][200]>;
export type Settings = Json<paths['/settings']['get']['responses'][200]>;
export type ResetRequest = Json<paths['/auth/password/reset']['post']['requestBody']>;
export type ChangeRequest = Json<paths['/auth/password/change']['post']['requestBody']>;
export type Providers = Json<paths['/auth/oauth/providers']['get']['responses'][200]>;
export type AccountDeletion = Json<paths['/me']['delete']['requestBody']>;
export type Me = Json<paths['/me']['get']['responses'][200]>;
export type MfaStatus = Json<paths['/auth/mfa']['get']['responses'][200]>;
export type TotpEnrolment = Json<paths['/auth/mfa/totp/setup']['post']['responses'][200]>;
export type TotpVerify = Json<paths['/auth/mfa/totp/verify']['post']['requestBody']>;
export type TotpEnabled = Json<paths['/auth/mfa/totp/verify']['post']['responses'][200]>;
export type TotpDisable = Json<paths['/auth/mfa/totp']['delete']['requestBody']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The access token lives in this module's memory only. The refresh token never reaches script: the server keeps it
 * in an HttpOnly, SameSite=Strict cookie scoped to /auth (`sessionCookie: true`), which every tab shares.
 */
let accessToken: string | null = null;
let onSignedOut: () => void = () => {};

export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

/** The API's error envelope, or what a body that is not one (a proxy's page, no body) comes to. */
function apiError(status: number, body: Partial<ErrorBody> | null): ApiError {
  return new ApiError(status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${status}.`);
}

async function errorOf(res: Response): Promise<ApiError> {
  return apiError(res.status, (await res.json().catch(() => null)) as Partial<ErrorBody> | null);
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await reach(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!res.ok) throw await errorOf(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function signUp(email: string, password: string): Promise<SignUpResult> {
  return post<SignUpResult>('/auth/signup', { email, password } satisfies Credentials);
}

export async function confirm(email: string, code: string): Promise<void> {
  await post('/auth/confirm', { email, code } satisfies Confirmation);
}

/** The "Sign in with …" providers this service offers (none unless configured). */
export async function socialProviders(): Promise<Providers['providers']> {
  const res = await fetch('/auth/oauth/providers');
  return res.ok ? ((await res.json()) as Providers).providers : [];
}

/** Asks for a reset code by mail; the answer is the same whether or not the address has an account. */
export async function forgotPassword(email: string): Promise<void> {
  await post('/auth/password/forgot', { email });
}

export async function resetPassword(request: ResetRequest): Promise<void> {
  await post('/auth/password/reset', request);
}

/** A sign-in done, or the second-factor session to answer with a code from the authenticator app. */
export type SignInOutcome = { signedIn: true } | { signedIn: false; mfaSession: string };

export async function signIn(email: string, password: string): Promise<SignInOutcome> {
  const result = await post<SignInResult>('/auth/login', { email, password, sessionCookie: true } satisfies SignInRequest);
  if ('challenge' in result) return { signedIn: false, mfaSession: result.session };
  accessToken = result.accessToken;
  return { signedIn: true };
}

export async function answerMfa(session: string, code: string): Promise<void> {
  const tokens = await post<Tokens>('/auth/mfa/challenge', { session, code, sessionCookie: true } satisfies MfaAnswer);
  accessToken = tokens.accessToken;
}

let refreshing: Promise<boolean> | null = null;

/**
 * One refresh at a time in this tab: calls that find the access token lapsed together share it, since the
 * cookie's refresh token is spent by each use. Tabs refreshing at the very same moment are covered by the
 * server's short grace for a spent token.
 */
function refresh(): Promise<boolean> {
  refreshing ??= refreshOnce().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refreshOnce(): Promise<boolean> {
  try {
    accessToken = (await post<Tokens>('/auth/refresh', {} satisfies RefreshRequest)).accessToken;
    return true;
  } catch {
    accessToken = null;
    return false;
  }
}

/**
 * Whether the browser holds a live session (its cookie), resumed on load. The server sets a readable `ps_session=1`
 * beside the HttpOnly cookie, so a first visit does not try (and log) a refresh bound to fail.
 */
export const resumeSession = async (): Promise<boolean> =>
  /(^|;\s*)ps_session=1(;|$)/.test(document.cookie) ? refresh() : false;

export async function signOut(): Promise<void> {
  accessToken = null;
  await post('/auth/logout', {} satisfies LogoutRequest).catch(() => undefined);
}

/** A token that is still good, refreshed if it lapsed; signs out when the session is gone. */
async function token(): Promise<string> {
  if (accessToken) return accessToken;
  if (await refresh()) return accessToken!;
  onSignedOut();
  throw new ApiError(401, 'unauthorized', 'Please sign in again.');
}

/** fetch, with a failure to reach the service said in words rather than the browser's "Failed to fetch". */
async function reach(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the service: check the connection and try again.');
  }
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await reach(path, {
      method,
      headers: {
        authorization: `Bearer ${await token()}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
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
  call<PhotoPage>('GET', `/photos?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const getPhoto = (id: string) => call<Photo>('GET', `/photos/${id}`);
export const updatePhoto = (id: string, edit: PhotoEdit) => call<Photo>('PATCH', `/photos/${id}`, edit);
export const deletePhoto = (id: string) => call<undefined>('DELETE', `/photos/${id}`);
export const originalUrl = (id: string) =>
  call<OriginalUrl>('GET', `/photos/${id}/original`, undefined, { accept: 'application/json' });
export const sharePhoto = (id: string, expiresInSeconds: number) =>
  call<CreatedShare>('POST', `/photos/${id}/share`, { expiresInSeconds } satisfies NewShare);
/** One page of a photo's links, newest first; pass the previous page's nextCursor for the next one. */
export const listShares = (id: string, cursor: string | null = null) =>
  call<ShareList>('GET', `/photos/${id}/shares${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
export const revokeShare = (shareId: string) => call<undefined>('DELETE', `/shares/${shareId}`);
export const me = () => call<Me>('GET', '/me');
export const mfaStatus = () => call<MfaStatus>('GET', '/auth/mfa');
export const setupTotp = () => call<TotpEnrolment>('POST', '/auth/mfa/totp/setup');
export const verifyTotp = (request: TotpVerify) => call<TotpEnabled>('POST', '/auth/mfa/totp/verify', request);
export const disableTotp = (proof: TotpDisable) => call<undefined>('DELETE', '/auth/mfa/totp', proof);
export const signOutEverywhere = () => call<undefined>('POST', '/auth/logout/everywhere');
export const deleteAccount = (proof: AccountDeletion) => call<unknown>('DELETE', '/me', proof);
export const changePassword = (request: ChangeRequest) => call<undefined>('POST', '/auth/password/change', request);
export const settings = () => fetch('/settings').then((r) => r.json() as Promise<Settings>);

export interface UploadHandle {
  done: Promise<Photo>;
  cancel(): void;
}

/** XMLHttpRequest, because fetch still reports no upload progress. */
export async function upload(file: File, onProgress: (fraction: number) => void): Promise<UploadHandle> {
  const bearer = await token();
  const xhr = new XMLHttpRequest();
  const done = new Promise<Photo>((resolve, reject) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) resolve(body as Json<paths['/photos']['post']['responses'][201]>);
      else reject(apiError(xhr.status, body as Partial<ErrorBody> | null));
    };
    xhr.onerror = () => {
      reject(new ApiError(0, 'network', 'The upload was interrupted.'));
    };
    xhr.onabort = () => {
      reject(new ApiError(0, 'cancelled', 'Cancelled.'));
    };
  });
  const form = new FormData();
  form.append('file', file, file.name);
  xhr.open('POST', '/photos');
  xhr.setRequestHeader('authorization', `Bearer ${bearer}`);
  xhr.send(form);
  return {
    done,
    cancel: () => {
      xhr.abort();
    },
  };
}
