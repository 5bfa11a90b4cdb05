// @ts-check
// Lint: typescript-eslint's recommended rules (no type information, to stay fast) and the layering of the code:
// pages, components and layouts render; only domain services, actions and the platform talk to PocketBase.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

/** What a rendering layer may not import: PocketBase itself, the admin client, repos. */
const renderOnly = {
  paths: [
    {
      name: 'pocketbase',
      message: 'Pages and components render; data access goes through src/domain services.',
      allowTypeImports: true,
    },
  ],
  patterns: [
    {
      group: ['**/platform/pocketbase/admin-client*', '**/platform/pocketbase/app-admin*', '**/repo.ts'],
      message: 'Pages and components render; call a domain service or an action instead of the admin client or a repo.',
      allowTypeImports: true,
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.astro/',
      '.data/',
      'node_modules/',
      'public/',
      'test-results/',
      'playwright-report/',
      '.scratch/',
      'src/db/migrations/',
      'src/db/hooks/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-duplicates': 'error',
      // Layering: domain and platform never reach up into pages, components, actions or the CLI; platform never
      // depends on a domain.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./src/domain', './src/platform'],
              from: ['./src/pages', './src/components', './src/layouts', './src/actions', './src/cli'],
              message: 'Domain and platform code must not depend on adapters (pages, components, actions, CLI).',
            },
            {
              target: './src/platform',
              from: './src/domain',
              message: 'Platform code must not depend on a domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // One place per collection: only an area's repo.ts names PocketBase collections (issue 12). Platform code that
    // works on any collection (compare-and-set, leases), the bench's raw-PocketBase baseline and tests are exempt.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'src/**/*.astro'],
    ignores: ['src/**/repo.ts', 'src/platform/pocketbase/**', 'src/platform/scheduler/**', 'src/bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='collection']",
          message: "Only an area's repo.ts names PocketBase collections; add a function there and call it.",
        },
      ],
    },
  },
  {
    // Global declarations (App.Locals) cannot use top-level type imports without becoming a module.
    files: ['src/env.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**'],
    // Pages get the admin client from Astro.locals.admin (set by src/middleware.ts) and hand it to domain services;
    // type-only imports of PocketBase's record types are harmless.
    rules: { '@typescript-eslint/no-restricted-imports': ['error', renderOnly] },
  },
);
