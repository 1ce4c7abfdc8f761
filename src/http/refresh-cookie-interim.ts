import type { FastifyReply } from 'fastify';

/**
 * Interim stand-in for the lead's `setRefreshCookie` (src/http/session-cookie.ts), same signature and cookie:
 * removed when that lands. Needs @fastify/cookie registered.
 */
export function setRefreshCookie(reply: FastifyReply, refreshToken: string, secure: boolean): void {
  reply.setCookie('ps_refresh', refreshToken, { httpOnly: true, sameSite: 'strict', path: '/auth', secure });
}
