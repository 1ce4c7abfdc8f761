import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers every answer carries: nosniff everywhere; no-store on anything
 * answered to a bearer of a token (the caller's own data) or carrying one
 * (sign-in), unless the route chose its caching itself; HSTS when the
 * service is reached over https.
 */
export function installResponseHeaders(app: FastifyInstance, publicUrl: string): void {
  const https = publicUrl.startsWith('https://');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (https) reply.header('strict-transport-security', HSTS);
    const private_ = request.headers.authorization !== undefined || request.url.startsWith('/auth/');
    if (private_ && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
