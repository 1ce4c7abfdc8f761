// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Libraries that only adapters may touch (SDKs, SQLite, files, image codecs). */
const ADAPTER_ONLY = [
  '@aws-sdk/*',
  'aws-jwt-verify',
  'aws-jwt-verify/*',
  'better-sqlite3',
  'sharp',
  'exifr',
  'libheif-js',
  'libheif-js/*',
  'jose',
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
  'nodemailer',
  'otplib',
  'openid-client',
];

/**
 * One folder's import rule: what it must not import, plus the libraries only adapters touch, plus worker/
 * (known only to the composition root, src/service.ts).
 */
function layer(files, forbidden, message, libraries = ADAPTER_ONLY) {
  const groups = [
    { group: ['**/worker/*', '../worker/**'], message: 'Only the composition root (src/service.ts) knows worker/.' },
  ];
  if (forbidden.length > 0) groups.push({ group: forbidden, message });
  if (libraries.length > 0) groups.push({ group: libraries, message: 'Only adapters touch SDKs, SQLite, files or codecs.' });
  return {
    files,
    ignores: ['src/service.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: groups }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'web/dist/',
      'coverage/',
      'infra/cdk.out/',
      'cdk.out/',
      'bench/.cache/',
      'test-artifacts/',
      'web/src/api-types.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Adapters implement async ports with synchronous SQLite or memory: async without await is deliberate there.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // The import rule of docs/ARCHITECTURE.md: dependencies point inward. One block per folder (a later block
  // would replace an earlier one's no-restricted-imports, not add to it).
  layer(
    ['src/domain/**/*.ts'],
    ['**/ports/**', '**/services/**', '**/adapters/**', '**/http/**', '**/routes/**', '**/schemas/**', '**/wiring/**', '../*.js'],
    'domain/ is pure: it imports only domain/.',
  ),
  layer(
    ['src/ports/**/*.ts'],
    ['**/services/**', '**/adapters/**', '**/http/**', '**/routes/**', '**/schemas/**', '**/wiring/**', '../*.js'],
    'ports/ are interfaces over domain/ types.',
  ),
  layer(
    ['src/services/**/*.ts'],
    ['**/adapters/**', '**/http/**', '**/routes/**', '**/schemas/**', '**/wiring/**', '../*.js'],
    'services/ take ports, never adapters, HTTP or wiring.',
  ),
  layer(
    ['src/schemas/**/*.ts'],
    ['**/ports/**', '**/services/**', '**/adapters/**', '**/http/**', '**/routes/**', '**/wiring/**', '../*.js', 'fastify'],
    'schemas/ describe shapes: TypeBox and domain/ only.',
  ),
  layer(
    ['src/http/**/*.ts'],
    ['**/services/**', '**/adapters/**', '**/routes/**', '**/wiring/**', '../*.js'],
    'HTTP plumbing reaches the outside world only through ports.',
  ),
  layer(
    ['src/routes/**/*.ts'],
    ['**/adapters/**', '**/wiring/**', '../*.js', './*.js'],
    'A route parses, calls a service and presents: no adapters, no wiring, no other route file.',
  ),
  layer(
    ['src/adapters/**/*.ts'],
    ['**/services/**', '**/http/**', '**/routes/**', '**/schemas/**', '**/wiring/**', '**/app.js', '**/service.js'],
    'Adapters implement ports; they know nothing above them.',
    [],
  ),
  layer(
    ['worker/**/*.ts'],
    ['../src/adapters/**', '../src/routes/**', '../src/http/**', '../src/wiring/**', '../src/*.js'],
    'The worker calls services; the composition root gives it adapters.',
  ),
  layer(['src/*.ts', 'src/wiring/**/*.ts'], [], '', []),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'infra/**/*.ts', 'web/**/*.{ts,tsx}'],
    rules: {
      // Tests and tools read loosely typed JSON and reach into internals on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // tap's t.test() returns a promise tap itself awaits; its callbacks are async by convention.
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts', 'test/**/*.ts'],
    // Event handlers may be async: Preact and the test servers' emitters ignore what they return.
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }] },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
