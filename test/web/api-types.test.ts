import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import {
  API_TYPES_FILE,
  DOCUMENT_PUBLIC_URL,
  GENERATE_COMMAND,
  buildOpenApiDocument,
  renderApiTypes,
} from '../../web/scripts/api-types.js';

/** Null when the file on disk is what the generator makes now, else what to do about it and where they part. */
function staleness(onDisk: string | null, fresh: string): string | null {
  if (onDisk === fresh) return null;
  const file = path.relative(process.cwd(), API_TYPES_FILE);
  if (onDisk === null) return `${file} is missing: run \`${GENERATE_COMMAND}\``;
  const have = onDisk.split('\n');
  const want = fresh.split('\n');
  let line = 0;
  while (line < have.length && line < want.length && have[line] === want[line]) line++;
  return [
    `${file} is stale: the API's OpenAPI document has changed since it was generated. Run \`${GENERATE_COMMAND}\` and commit the result.`,
    `First difference at line ${line + 1}:`,
    `  file:      ${have[line] ?? '(end of file)'}`,
    `  generated: ${want[line] ?? '(end of file)'}`,
  ].join('\n');
}

const document = await buildOpenApiDocument();
const fresh = await renderApiTypes(document);
const onDisk = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : null;

t.test('web/src/api-types.ts is what the API document generates now', async (t) => {
  const problem = staleness(onDisk, fresh);
  t.equal(problem, null, problem ?? 'current');
});

t.test('the generated types are deterministic and machine-independent', async (t) => {
  t.same(document.servers, [{ url: DOCUMENT_PUBLIC_URL }], 'servers names the fixed URL, not a random port');
  t.equal(await renderApiTypes(await buildOpenApiDocument()), fresh, 'a second build of the document gives the same file');
  t.notOk(fresh.includes(os.tmpdir()), 'no temporary DATA_DIR path');
  t.notOk(fresh.includes(process.cwd()), 'no absolute path of the checkout');
  t.notMatch(fresh, /\b20\d\d-\d\d-\d\dT\d\d:/, 'no timestamp');
  t.match(fresh, `\`${GENERATE_COMMAND}\``, 'the header names the command that made it');
});

/** The members of `components['schemas'][name]` as generated, or null when there is no such schema. */
function schemaBlock(source: string, name: string): string | null {
  const start = source.indexOf(`\n        ${name}: {\n`);
  if (start < 0) return null;
  return source.slice(start, source.indexOf('\n        };\n', start));
}

t.test('what the web client relies on is in the generated types', async (t) => {
  // The hand-written Share had drifted: it lacked revokedAt.
  t.match(schemaBlock(fresh, 'Share'), /\n {12}revokedAt: string \| null;/, 'Share has revokedAt');
  t.match(schemaBlock(fresh, 'CreatedShare'), /\n {12}url: string;/, 'CreatedShare has its url');
  t.match(schemaBlock(fresh, 'Share'), /\n {12}url: string \| null;/, 'a listed Share has its url while live');
  t.match(schemaBlock(fresh, 'Photo'), /\n {12}status: "processing" \| "ready" \| "failed";/, 'Photo is a named schema');
  t.match(schemaBlock(fresh, 'Error'), /\n {12}error: \{/, 'the error envelope is a named schema');
  t.notMatch(fresh, /"application\/json": unknown;/, 'no JSON body is left untyped');
});

t.test('the check fails when the schemas change', async (t) => {
  // A deliberately altered copy of the document, in memory: a field added to Share and one removed from Photo.
  const altered = structuredClone(document);
  const schemas = altered.components!.schemas! as Record<string, { properties: Record<string, unknown>; required?: string[] }>;
  schemas.Share!.properties.note = { type: 'string' };
  schemas.Share!.required = [...(schemas.Share!.required ?? []), 'note'];
  delete schemas.Photo!.properties.sha256;
  schemas.Photo!.required = schemas.Photo!.required?.filter((name) => name !== 'sha256');
  const regenerated = await renderApiTypes(altered);

  t.not(regenerated, fresh, 'the altered document renders other types');
  t.match(regenerated, /\n {12}note: string;/, 'with the added field');
  const problem = staleness(fresh, regenerated);
  t.ok(problem, 'the current file counts as stale against the altered schemas');
  t.match(problem, `Run \`${GENERATE_COMMAND}\``, 'and the message says how to fix it');
  t.match(problem, /First difference at line \d+:/, 'and where the file parts from it');

  t.match(
    staleness(fresh.replace('revokedAt: string | null;', 'revokedAt?: string;'), fresh),
    /is stale/,
    'a hand edit of the file counts too',
  );
  t.match(staleness(null, fresh), /is missing: run `npm run gen:api-types`/, 'and so does a missing file');
});
