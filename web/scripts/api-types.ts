/**
 * The web client's API types, made from the API's own OpenAPI document.
 *
 * `buildOpenApiDocument()` builds the API exactly as the service does (local
 * adapters, `buildApp`) in a throw-away DATA_DIR, without listening, and asks
 * @fastify/swagger for the document; `renderApiTypes()` turns it into
 * TypeScript with openapi-typescript. `generate-api-types.ts` writes the result
 * to web/src/api-types.ts, and test/web/api-types.test.ts checks that file is
 * current.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { Registry } from 'prom-client';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/ports/clock.js';
import { apiDeps } from '../../src/wiring/api-deps.js';
import { localAdapters } from '../../src/wiring/local-adapters.js';

/** The command that writes the file; named in its header and in the test's failure message. */
export const GENERATE_COMMAND = 'npm run gen:api-types';

/** Where the generated types live. */
export const API_TYPES_FILE = path.resolve(import.meta.dirname, '..', 'src', 'api-types.ts');

/** A fixed base URL, so `servers` does not depend on a port or on the machine. */
export const DOCUMENT_PUBLIC_URL = 'http://localhost:3000';

/**
 * The OpenAPI document the API serves at /openapi.json. The app is built on
 * the local adapters in a temporary DATA_DIR (removed afterwards), made ready
 * and closed again; it never listens. The environment is not read (every
 * setting is fixed here, PUBLIC_URL included), so the document is the same on
 * every machine.
 */
export async function buildOpenApiDocument(): Promise<OpenAPI3> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-openapi-'));
  try {
    const config = loadConfig({
      PUBLIC_URL: DOCUMENT_PUBLIC_URL,
      DATA_DIR: dataDir,
      ROLE: 'api',
      LABELS: 'off',
      LOG_LEVEL: 'silent',
    });
    const adapters = localAdapters(config);
    try {
      // Wired as src/service.ts wires the API. /metrics is hidden from the document; an empty registry starts no collectors.
      const deps = apiDeps(config, adapters, systemClock, { access: { token: null }, registry: new Registry() });
      // The static front end's routes are hidden too; leaving them out keeps the document independent of web/dist.
      const app = await buildApp({ ...deps, settings: { ...deps.settings, webDir: null } });
      try {
        await app.ready();
        // A deep copy: openapi-typescript must not share objects with the app's schemas.
        return JSON.parse(JSON.stringify(app.swagger())) as OpenAPI3;
      } finally {
        await app.close();
      }
    } finally {
      await adapters.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const HEADER = `/**
 * GENERATED FILE: do not edit. Types of HTTP API v1, made by openapi-typescript
 * from the OpenAPI document the API serves at /openapi.json.
 *
 * Regenerate with \`${GENERATE_COMMAND}\` (web/scripts/generate-api-types.ts)
 * after changing a schema in src/schemas/ or a route; test/web/api-types.test.ts
 * fails while this file is stale.
 */

`;

/** The TypeScript source of web/src/api-types.ts for a document: the header, then openapi-typescript's output. */
export async function renderApiTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { silent: true, alphabetize: false });
  return HEADER + astToString(ast);
}

/** What web/src/api-types.ts should hold now. */
export async function generateApiTypes(): Promise<string> {
  return renderApiTypes(await buildOpenApiDocument());
}
