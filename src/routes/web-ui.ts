import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../schemas/common.js';
import { Settings } from '../schemas/service.js';

export interface WebUiDeps {
  /** The built front end (web/dist); null when it was not built. */
  directory: string | null;
  /** Where signed image URLs point in local mode, whatever host name the page was opened by. */
  publicUrl: string;
  maxUploadBytes: number;
  maxUploadsInFlight: number;
}

/**
 * The UI only talks to this origin. Images come from the CDN (aws, https) or from the public URL (local), which
 * may be another name for this host than the one the browser used (127.0.0.1 for localhost): named exactly.
 */
const contentSecurityPolicy = (publicUrl: string) =>
  [
    "default-src 'self'",
    `img-src 'self' ${new URL(publicUrl).origin} https: blob: data:`,
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');

/** The browser front end at / and what it needs to know before an upload. */
export const webUiRoutes: FastifyPluginAsyncTypebox<WebUiDeps> = async (app, deps) => {
  const policy = contentSecurityPolicy(deps.publicUrl);
  app.get(
    '/settings',
    { schema: { summary: 'What a client needs to know before an upload', response: { 200: Settings, ...errors() } } },
    async () => ({ maxUploadBytes: deps.maxUploadBytes, maxUploadsInFlight: deps.maxUploadsInFlight }),
  );
  if (!deps.directory) return;
  await app.register(fastifyStatic, {
    root: deps.directory,
    index: ['index.html'],
    wildcard: false,
    setHeaders(res, filePath) {
      if (filePath.endsWith('.html')) {
        res.header('content-security-policy', policy);
        res.header('cache-control', 'no-cache');
      } else if (filePath.includes('/assets/')) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
      res.header('referrer-policy', 'no-referrer');
    },
  });
  // The app's own pages: a reload or a bookmark gets the app, which shows the page its path names.
  for (const page of APP_PAGES) {
    app.get(page, { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'));
  }
};

/** Paths the web app answers itself (history.pushState); anything else stays a 404. */
export const APP_PAGES = ['/account'];
