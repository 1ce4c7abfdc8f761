import type { FastifyInstance } from 'fastify';
import { badRequest } from '../domain/errors.js';

/** Deeper JSON than any of our bodies needs; refused before parsing, so a nested bomb costs one linear scan. */
export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a JSON text, counted outside strings; stops counting once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** JSON bodies: nesting bounded before parsing, and no `__proto__` or `constructor.prototype` keys. */
export function installJsonBodyParser(app: FastifyInstance): void {
  const defaultParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused`, 'too_deeply_nested'), undefined);
      return;
    }
    void defaultParser(request, text, done);
  });
}
