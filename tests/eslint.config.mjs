// Layering rules: a wrong-way import is a lint error, and lint is part of the build.
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'worker_threads', 'zlib', 'buffer'];
const nodeOnly = [...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`), 'node:*', 'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'electron'];

export default [
  { basePath: root, ignores: ['dist/**', 'node_modules/**', '**/*.cjs', '**/*.mjs', 'renderer/vite.config.ts'] },
  {
    basePath: root,
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'tests/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    basePath: root,
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeOnly, message: 'shared/ is pure TypeScript: no Node or Electron imports.' },
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'lexical', '@lexical/*', '@tanstack/*'], message: 'shared/ may not import UI libraries.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ may not import from electron/ or renderer/.' },
        ],
      }],
    },
  },
  {
    basePath: root,
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeOnly, message: 'renderer/ runs in the browser: it reaches the backend only through the API client.' },
          { group: ['**/electron/**'], message: 'renderer/ may not import from electron/; use the API contract.' },
        ],
      }],
    },
  },
  {
    basePath: root,
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**', 'react', 'react-dom', 'lexical', '@lexical/*'], message: 'electron/ may not import the UI.' }],
      }],
    },
  },
];
