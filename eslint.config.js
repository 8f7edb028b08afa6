import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

// The layering of ARCHITECTURE.md, enforced: shared/ is pure; the renderer never reaches into the
// main process or the server; the server never reaches into the app.
const LAYER_ZONES = [
  { target: './shared', from: './electron', message: 'shared/ imports nothing from electron/.' },
  { target: './shared', from: './renderer', message: 'shared/ imports nothing from renderer/.' },
  { target: './shared', from: './server', message: 'shared/ imports nothing from server/.' },
  {
    target: './renderer',
    from: './electron',
    message: 'renderer/ talks to the core only via the preload API.',
  },
  { target: './renderer', from: './server', message: 'renderer/ never imports server/.' },
  { target: './server', from: './electron', message: 'server/ never imports electron/.' },
  { target: './server', from: './renderer', message: 'server/ never imports renderer/.' },
  { target: './electron', from: './renderer', message: 'electron/ never imports renderer/.' },
];
const RENDERER_TO_ELECTRON = LAYER_ZONES.find(
  (zone) => zone.target === './renderer' && zone.from === './electron',
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      'native/',
      'test-results/',
      'bench-results/',
      '.cache/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    // Without a resolver that knows .ts, extensionless imports resolve to nothing and the zones
    // below never fire.
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAsExpression > TSAnyKeyword', message: 'No any casts.' },
      ],
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
    },
  },
  {
    // The renderer's build config is a Node file run by Vite, not renderer code: it reads the
    // production Content-Security-Policy from electron/security.ts so there is one copy of it.
    files: ['renderer/vite.config.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: LAYER_ZONES.filter((zone) => zone !== RENDERER_TO_ELECTRON) },
      ],
    },
  },
  {
    // shared/ runs on both sides: no Node built-ins, no Electron, no DOM-only modules.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'better-sqlite3', 'fs', 'path', 'crypto', 'react', 'react-dom'],
              message: 'shared/ touches neither Node nor the DOM.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'better-sqlite3'],
              message: 'The renderer uses only the preload API.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the named Electron files (electron/*.ts outside core/) may import 'electron'.
    files: ['electron/core/**/*.ts', 'server/**/*.ts', 'test/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The core is plain Node.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
