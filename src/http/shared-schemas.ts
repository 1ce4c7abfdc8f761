import type { FastifyInstance } from 'fastify';
import { SHARED_SCHEMAS } from '../schemas/shared.js';

/** Registers the schemas routes refer to by $ref, before any route that does. */
export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
}
