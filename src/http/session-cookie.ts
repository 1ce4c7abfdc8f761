import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

/**
 * The web app's refresh token lives here, out of reach of scripts: HttpOnly, SameSite=Strict, sent only to the
 * auth routes. The access token it buys stays in the page's memory.
 */
export const REFRESH_COOKIE = 'ps_refresh';
export const REFRESH_COOKIE_PATH = '/auth';
/**
 * Says only that a session cookie was set ("1"), so the app can read it and skip a refresh that would fail (a 401
 * in the console of every first visit). It opens nothing: the HttpOnly cookie does.
 */
export const SESSION_HINT_COOKIE = 'ps_session';

export interface SessionCookieSettings {
  /** Secure when the public URL is https. */
  secure: boolean;
  /** How long the browser keeps it: the sign-in's lifetime. */
  maxAgeSeconds: number;
}

export function setRefreshCookie(reply: FastifyReply, refreshToken: string, settings: SessionCookieSettings): void {
  reply.setCookie(REFRESH_COOKIE, refreshToken, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: settings.secure,
    maxAge: settings.maxAgeSeconds,
  });
  reply.setCookie(SESSION_HINT_COOKIE, '1', {
    path: '/',
    sameSite: 'strict',
    secure: settings.secure,
    maxAge: settings.maxAgeSeconds,
  });
}

export function clearRefreshCookie(reply: FastifyReply, settings: SessionCookieSettings): void {
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: settings.secure });
  reply.clearCookie(SESSION_HINT_COOKIE, { path: '/', sameSite: 'strict', secure: settings.secure });
}

export const refreshCookieOf = (request: FastifyRequest): string | null => request.cookies[REFRESH_COOKIE] ?? null;

/**
 * A request that a cookie authenticates (or that sets one) must come from a page of this service: its Origin the
 * public URL's, or the one the browser used to reach us (the same host by another name, 127.0.0.1 for localhost).
 * SameSite=Strict already keeps other sites' requests from carrying the cookie; this refuses what slips past it
 * (an old browser, a sibling subdomain).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  const own = new Set([new URL(publicUrl).origin, `${request.protocol}://${request.host}`]);
  if (typeof origin !== 'string' || !own.has(origin)) {
    throw new AppError(403, 'cross_origin', 'A cookie session is only used from the web app itself (Origin mismatch)');
  }
}
