import { ESLint } from 'eslint';
import path from 'node:path';
import t from 'tap';

// The import rule of docs/ARCHITECTURE.md lives in eslint.config.js; a later block there once replaced the
// earlier ones without anyone noticing. These cases pin what it refuses and what it lets through.
const eslint = new ESLint({
  cwd: path.join(import.meta.dirname, '..', '..'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function refused(filePath: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import x from '${specifier}';\nexport default x;\n`, { filePath });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

const cases: [string, string, boolean][] = [
  ['src/domain/new.ts', '../services/photo-service.js', true],
  ['src/domain/new.ts', 'node:crypto', false],
  ['src/ports/new.ts', '../adapters/local/sqlite-photo-repo.js', true],
  ['src/services/new.ts', '../adapters/local/sqlite-photo-repo.js', true],
  ['src/services/new.ts', 'sharp', true],
  ['src/services/new.ts', '../ports/blob-store.js', false],
  ['src/routes/new.ts', './photos.js', true],
  ['src/routes/new.ts', 'node:fs', true],
  ['src/routes/new.ts', '@aws-sdk/client-s3', true],
  ['src/routes/new.ts', '../services/photo-service.js', false],
  ['src/http/new.ts', './page-cache.js', false],
  ['src/schemas/new.ts', 'fastify', true],
  ['src/adapters/local/new.ts', '../../services/photo-service.js', true],
  ['src/adapters/local/new.ts', 'better-sqlite3', false],
  ['src/app.ts', '../worker/photo-worker.js', true],
  ['src/service.ts', '../worker/photo-worker.js', false],
  ['worker/new.ts', '../src/wiring/local-adapters.js', true],
  ['worker/new.ts', 'sharp', true],
  ['worker/new.ts', '../src/services/photo-processing-service.js', false],
];

t.test('eslint refuses imports against the layers and allows those along them', async (t) => {
  for (const [file, specifier, expected] of cases) {
    t.equal(await refused(file, specifier), expected, `${file} importing ${specifier}: ${expected ? 'refused' : 'allowed'}`);
  }
});
