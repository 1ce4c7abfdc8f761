import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SCOPES } from '../domain/api-key.js';

/**
 * The OpenAPI document, built from the JSON schemas every route already
 * validates and serializes with, at /openapi.json, and a browsable copy at
 * /docs. Registered before the routes, so it sees each of them.
 */
export async function registerApiDocs(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'photoshare',
        version: '1',
        description: 'Upload photos, browse a library, share a photo through a link that expires and can be revoked.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description: `A key made at POST /api-keys; each route names the scope it needs (${SCOPES.join(', ')})`,
          },
        },
      },
    },
    // Shared schemas keep their own names (Photo) in components.schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Scripts stay 'self'; Swagger UI sets a few inline styles. Plain-http local mode must not be upgraded to https.
    transformStaticCSP: (header) =>
      header
        .replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
