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
  'jose',
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
];
const patterns = (groups) => ({ patterns: groups });
const only = (names, message) => ({ group: names, message });

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
  // The import rule of docs/ARCHITECTURE.md: dependencies point inward.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([
          only(
            [
              '../ports/*',
              '../services/*',
              '../adapters/*',
              '../http/*',
              '../routes/*',
              '../schemas/*',
              '../wiring/*',
              '../*.js',
              '**/worker/*',
            ],
            'domain/ is pure: it imports only domain/.',
          ),
          only(ADAPTER_ONLY, 'Only adapters touch SDKs, SQLite, files or codecs.'),
        ]),
      ],
    },
  },
  {
    files: ['src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([
          only(
            [
              '../services/*',
              '../adapters/*',
              '../http/*',
              '../routes/*',
              '../schemas/*',
              '../wiring/*',
              '../*.js',
              '**/worker/*',
            ],
            'ports/ are interfaces over domain/ types.',
          ),
          only(ADAPTER_ONLY, 'Only adapters touch SDKs, SQLite, files or codecs.'),
        ]),
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([
          only(
            [
              '../adapters/*',
              '../adapters/**',
              '../http/*',
              '../routes/*',
              '../schemas/*',
              '../wiring/*',
              '../*.js',
              '**/worker/*',
            ],
            'services/ take ports, never adapters, HTTP or wiring.',
          ),
          only(ADAPTER_ONLY, 'Only adapters touch SDKs, SQLite, files or codecs.'),
        ]),
      ],
    },
  },
  {
    files: ['src/routes/**/*.ts', 'src/http/**/*.ts', 'src/schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([
          only(
            ['../adapters/*', '../adapters/**', '../wiring/*', '../*.js', '**/worker/*'],
            'HTTP code reaches the outside world only through services and ports.',
          ),
          only(['./*.js'], 'A route file never imports another route file.'),
          only(ADAPTER_ONLY, 'Only adapters touch SDKs, SQLite, files or codecs.'),
        ]),
      ],
    },
  },
  {
    files: ['worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([
          only(
            ['../src/adapters/**', '../src/routes/**', '../src/http/**', '../src/wiring/**'],
            'The worker calls services; the composition root gives it adapters.',
          ),
          only(ADAPTER_ONLY, 'Only adapters touch SDKs, SQLite, files or codecs.'),
        ]),
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        patterns([only(['**/worker/*'], 'Only the composition root (src/service.ts) knows worker/.')]),
      ],
    },
  },
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
