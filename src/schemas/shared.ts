import type { FastifyInstance } from 'fastify';
import { ErrorBody } from './common.js';
import { Photo } from './photo.js';
import { CreatedShare, Share } from './share.js';

/** The schemas routes refer to by $ref; they appear under their own names in /openapi.json. */
const SHARED = [ErrorBody, Photo, Share, CreatedShare];

export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED) app.addSchema(schema);
}
