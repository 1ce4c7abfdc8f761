import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';

const envelope = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/** Errors Fastify meets before any route (a URL it cannot decode, a path parameter too long), in our envelope. */
export function frameworkErrors(err: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'uri_too_long', 'A part of the path is too long']
      : err.code === 'FST_ERR_BAD_URL'
        ? [400, 'bad_url', 'The URL is not valid percent-encoding']
        : [400, 'bad_request', 'The request could not be read'];
  void reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(envelope(code, message));
}

const CLIENT_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'headers_too_large',
    'The request line and headers are too large',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'The request did not arrive in time'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'The headers did not arrive in time'],
};

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers too
 * large, a request too slow, bytes that are not HTTP): answered in the
 * envelope when the socket can still take it, then closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [
    400,
    'Bad Request',
    'bad_request',
    'The request is not valid HTTP',
  ];
  const body = envelope(code, message);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
