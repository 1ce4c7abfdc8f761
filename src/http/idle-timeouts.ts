import { Socket } from 'node:net';
import { AppError } from '../domain/errors.js';
import type { FastifyInstance } from 'fastify';

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  (headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined;

/**
 * A client that stops sending holds a socket, a temp file and a descriptor
 * for as long as we wait: headers must arrive within `idleSeconds`, and a
 * body that makes no progress for that long is answered 408 and its socket
 * closed (the route's own cleanup then removes what it stored). Time spent
 * answering is not idle time: the timer runs only until the body is in.
 */
export function installIdleTimeouts(app: FastifyInstance, idleSeconds: number): void {
  const idleMs = idleSeconds * 1000;
  app.server.headersTimeout = idleMs;
  app.server.requestTimeout = 0; // uploads on slow links may take long in all; idleness is what is refused
  app.addHook('onRequest', async (request, reply) => {
    const { raw } = request;
    if (!hasBody(raw.headers) || raw.complete) return;
    const { socket } = raw;
    // Injected requests (app.inject) have no real socket, and no client that could stall.
    if (!(socket instanceof Socket)) return;
    const stop = () => {
      socket.setTimeout(0);
      raw.off('timeout', onIdle);
    };
    function onIdle() {
      stop();
      if (raw.complete || reply.sent) return;
      request.log.info({ idleSeconds }, 'the request body stalled; answered 408');
      const stalled = new AppError(408, 'request_timeout', `No part of the request arrived for ${idleSeconds} seconds`);
      reply.header('connection', 'close');
      // Whoever reads the body (the multipart parser, the JSON body reader) fails with it, so the route's own
      // cleanup runs (an upload's temp file is removed) and the error handler answers 408.
      if (raw.listenerCount('error') > 0) raw.emit('error', stalled);
      else void reply.code(408).send({ error: { code: stalled.code, message: stalled.message } });
    }
    // Node's server tells the request of an idle socket (while its body is incomplete) and destroys the
    // socket only when nobody listens; listening here is what lets us answer first.
    socket.setTimeout(idleMs);
    raw.on('timeout', onIdle);
    raw.once('end', stop);
    reply.raw.once('close', stop);
  });
}
