import type { IncomingHttpHeaders } from 'node:http';
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
};

/**
 * Paths the web app shows itself (history.pushState). Some are also API paths (`GET /photos/:id`, `/albums`,
 * `/trash`): a browser's page load (it asks for HTML and sends no token) gets the app, an API call gets JSON.
 */
export const APP_PAGES: readonly RegExp[] = [
  /^\/(account|favorites|search|albums|trash)?$/,
  /^\/albums\/[A-Za-z0-9_-]{1,64}$/,
  /^\/photos\/[A-Za-z0-9_-]{1,64}$/,
];

/**
 * Fastify's `rewriteUrl`: a browser's load of an app page (it asks for HTML and sends no token) becomes a load of
 * `/`, the app, which then shows the page its own address names. API calls to the same paths are left alone.
 */
export function appPageUrl(request: { method?: string; url?: string; headers: IncomingHttpHeaders }): string {
  const url = request.url ?? '/';
  const path = url.split('?', 1)[0] ?? url;
  const pageLoad =
    (request.method === 'GET' || request.method === 'HEAD') &&
    request.headers.authorization === undefined &&
    (request.headers.accept ?? '').includes('text/html') &&
    path !== '/' &&
    APP_PAGES.some((page) => page.test(path));
  return pageLoad ? '/' : url;
}
