import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody, Ref } from '../schemas/common.js';
import { pagePolicy, wantsHtml } from './html-page.js';
import { passwordPage, refusalPage } from './share-pages.js';

/** Why a public link serves nothing (as `ShareRefusal` in src/services/share-access.ts). */
export interface Refused {
  status: 401 | 403 | 404 | 410 | 503;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/** Holds the proof that this browser gave the link's password; scoped to the link's own path. */
export const UNLOCK_COOKIE = 'share_unlock';

/** A share page's policy: no script; images from this origin, the public URL's, and the CDN (https, aws mode). */
export const sharePagePolicy = (publicUrl: string) => pagePolicy(`'self' ${new URL(publicUrl).origin} https:`);

/** People open share links in a browser: a refusal is a readable page for them, JSON for API clients. */
export const Refusal = {
  content: {
    'application/json': { schema: Ref(ErrorBody) },
    'text/html': { schema: { type: 'string' } },
  },
} as const;

/** A refusal as a page (the password form for 401) to a browser, in the error envelope to anyone else. */
export function sendRefusal(request: FastifyRequest, reply: FastifyReply, token: string, refused: Refused) {
  reply.status(refused.status).header('cache-control', 'no-store');
  if (refused.retryAfterSeconds) reply.header('retry-after', refused.retryAfterSeconds);
  if (wantsHtml(request)) {
    const page = refused.status === 401 ? passwordPage(`/s/${token}`) : refusalPage(refused.status, refused.retryAfterSeconds);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', pagePolicy()).send(page);
  }
  return reply
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: refused.code, message: refused.message } }));
}

/** A page the server drew, never cached (the link may be revoked at any moment), and no Referer to other sites. */
export function sendPage(reply: FastifyReply, html: string, policy: string) {
  return reply
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', policy)
    .type('text/html; charset=utf-8')
    .send(html);
}
